<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared by the three publication stylesheets: looking things up in the TEI document and
  reading its text as a reader sees it (corrections applied, running heads dropped).

  Standard XSLT 3.0 only (no extension, no higher-order function), so that Saxon-HE 9.9
  (Java) and SaxonC-HE 12+ (saxonche) give the same result.
  Nothing from the TEI is ever copied as markup: every template below produces text.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:x-tei-edition:xslt"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Every element with an xml:id, so "#id" pointers resolve in constant time. -->
  <xsl:key name="te:id" match="*[@xml:id]" use="string(@xml:id)"/>
  <!-- Corrections are justified in the header by a list item pointing at the choice. -->
  <xsl:key name="te:decl-for" match="tei:editorialDecl//tei:item[@corresp]"
           use="for $t in tokenize(@corresp) return substring-after($t, '#')"/>

  <!-- ===== looking things up ============================================================ -->

  <!-- The element a local pointer ("#id", the first one of a list) designates, if any. -->
  <xsl:function name="te:target" as="element()?">
    <xsl:param name="context" as="node()"/>
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:variable name="first" select="tokenize(normalize-space($pointer))[1]"/>
    <xsl:sequence select="if (starts-with($first, '#') and string-length($first) gt 1)
                          then key('te:id', substring($first, 2), root($context))[1]
                          else ()"/>
  </xsl:function>

  <!-- The printed page a node sits on: the number of the last page break before it. -->
  <xsl:function name="te:page" as="xs:string?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/preceding::tei:pb[@n][1]/string(@n)"/>
  </xsl:function>

  <!-- Pages a passage covers: "4", or "4-5" when a page break falls inside it. -->
  <xsl:function name="te:page-range" as="xs:string?">
    <xsl:param name="first" as="element()"/>
    <xsl:param name="parts" as="element()*"/>
    <xsl:variable name="start" select="te:page($first)"/>
    <xsl:variable name="end" select="($parts//tei:pb[@n])[last()]/string(@n)"/>
    <xsl:sequence select="if (exists($end) and exists($start) and $end ne $start)
                          then $start || '-' || $end
                          else ($start, $end)[1]"/>
  </xsl:function>

  <!-- The number printed for a note: its @n, else its rank among the text's notes. -->
  <xsl:function name="te:note-label" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="if (normalize-space($note/@n)) then normalize-space($note/@n)
                          else string(count($note/preceding::tei:note[ancestor::tei:text]) + 1)"/>
  </xsl:function>

  <!-- The speech (top division) a node belongs to. -->
  <xsl:function name="te:division" as="element(tei:div)?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor::tei:div[parent::tei:body][1]"/>
  </xsl:function>

  <!-- The setting (place and date) a division declares with @decls. -->
  <xsl:function name="te:setting" as="element(tei:setting)?">
    <xsl:param name="div" as="element()?"/>
    <xsl:sequence select="if (empty($div)) then ()
                          else (for $t in tokenize(normalize-space($div/@decls))
                                return te:target($div, $t))[self::tei:setting][1]"/>
  </xsl:function>

  <!-- The date element dating a division: its setting's, else its dateline's. -->
  <xsl:function name="te:division-date" as="element()?">
    <xsl:param name="div" as="element()?"/>
    <xsl:sequence select="(te:setting($div)/tei:date, $div/tei:dateline//tei:date)[1]"/>
  </xsl:function>

  <!-- Who speaks at a node: the label of its speech, else the person @who points to. -->
  <xsl:function name="te:speaker" as="xs:string?">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="sp" select="$node/ancestor-or-self::tei:sp[1]"/>
    <xsl:variable name="label" select="te:reading($sp/tei:speaker)"/>
    <xsl:variable name="person" select="te:target($node, $sp/@who)"/>
    <xsl:sequence select="if ($label) then $label
                          else if ($person) then te:reading(($person/tei:persName)[1])
                          else ()"/>
  </xsl:function>

  <!-- A date as ISO 8601: @when, an interval from/to (or notBefore/notAfter). -->
  <xsl:function name="te:iso-date" as="xs:string?">
    <xsl:param name="date" as="element()?"/>
    <xsl:variable name="from" select="($date/@from, $date/@notBefore)[1]"/>
    <xsl:variable name="to" select="($date/@to, $date/@notAfter)[1]"/>
    <xsl:sequence select="if (empty($date)) then ()
                          else if ($date/@when) then string($date/@when)
                          else if ($from and $to) then $from || '/' || $to
                          else if ($from) then $from || '/..'
                          else if ($to) then '../' || $to
                          else ()"/>
  </xsl:function>

  <!-- How a date reads: its text, or, when its text is only an ISO date, that date in
       French words ("1926-02-10" -> "10 février 1926"). -->
  <xsl:function name="te:date-label" as="xs:string">
    <xsl:param name="date" as="element()?"/>
    <xsl:variable name="text" select="te:reading($date)"/>
    <xsl:sequence select="if (matches($text, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'))
        then te:french-date(xs:integer(substring($text, 9, 2)), xs:integer(substring($text, 6, 2)),
                            substring($text, 1, 4))
        else $text"/>
  </xsl:function>

  <xsl:function name="te:french-date" as="xs:string">
    <xsl:param name="day" as="xs:integer"/>
    <xsl:param name="month" as="xs:integer"/>
    <xsl:param name="year" as="xs:string"/>
    <xsl:variable name="months" select="('janvier', 'février', 'mars', 'avril', 'mai', 'juin',
        'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre')"/>
    <xsl:sequence select="(if ($day eq 1) then '1er' else string($day)) || ' '
                          || ($months[$month], string($month))[1] || ' ' || $year"/>
  </xsl:function>

  <!-- True for a date HTML's datetime attribute accepts (year, month or day). -->
  <xsl:function name="te:is-html-date" as="xs:boolean">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="matches(string($value), '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$')"/>
  </xsl:function>

  <!-- True for a language tag safe in HTML's lang attribute ("fr", "de-AT"). -->
  <xsl:function name="te:is-lang" as="xs:boolean">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="matches(string($value), '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$')"/>
  </xsl:function>

  <!-- True for a URL safe to put in an href: absolute http(s), no space, quote or bracket. -->
  <xsl:function name="te:is-web-url" as="xs:boolean">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="matches(string($value), '^https?://[A-Za-z0-9.\-]+(:[0-9]+)?(/[^\s&quot;&lt;&gt;`\\]*)?$')"/>
  </xsl:function>

  <!-- ===== French typography at publication time ======================================= -->

  <!-- A narrow no-break space (U+202F) inside « » and before ; : ? ! in place of the
       transcription's ordinary space, so a line never starts with a mark cut from its word.
       Only the publications get it: the TEI keeps the spaces as received. -->
  <xsl:function name="te:typo" as="xs:string">
    <xsl:param name="text" as="xs:string?"/>
    <!-- Literal replacements, each only where its pair occurs: regular expressions over
         the whole text cost several times more on Saxon. The transcription's spaces are
         single (normalized by the converter); a no-break space there is handled too. -->
    <xsl:sequence select="te:typo-pairs(string($text), (' ;', ' :', ' ?', ' !', ' »', '« ',
        '&#xA0;;', '&#xA0;:', '&#xA0;?', '&#xA0;!', '&#xA0;»', '«&#xA0;'))"/>
  </xsl:function>

  <xsl:function name="te:typo-pairs" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="pairs" as="xs:string*"/>
    <xsl:variable name="pair" select="$pairs[1]"/>
    <xsl:sequence select="if (empty($pairs)) then $text
        else te:typo-pairs(if (contains($text, $pair))
                           then string-join(tokenize($text, $pair, 'q'), translate($pair, ' &#xA0;', '&#x202F;&#x202F;'))
                           else $text, subsequence($pairs, 2))"/>
  </xsl:function>

  <!-- ===== the edition itself, as it is cited =========================================== -->

  <!-- The address of this edition's reading page, when the publisher knows it (a parameter
       of the publication, else a URL in the header's publicationStmt). -->
  <xsl:param name="edition-url" as="xs:string" select="''"/>

  <xsl:function name="te:edition-url" as="xs:string?">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="pub" select="root($doc)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
    <xsl:sequence select="($edition-url[te:is-web-url(.)],
        $pub/tei:idno[lower-case(@type) = ('url', 'uri')][te:is-web-url(normalize-space())] ! normalize-space(),
        $pub/tei:ptr/@target[te:is-web-url(.)] ! string())[1]"/>
  </xsl:function>

  <!-- A person's name as the register gives it (its first persName). -->
  <xsl:function name="te:person-name" as="xs:string">
    <xsl:param name="person" as="element()"/>
    <xsl:sequence select="te:reading(($person/tei:persName, $person)[1])"/>
  </xsl:function>

  <!-- What a colophon names as the source: sourceDesc less the list of works cited, which
       has a section of its own (Œuvres citées). -->
  <xsl:function name="te:colophon-source" as="element()*">
    <xsl:param name="file" as="element(tei:fileDesc)?"/>
    <xsl:sequence select="$file/tei:sourceDesc/*[not(self::tei:listBibl[tei:bibl/@xml:id])]"/>
  </xsl:function>

  <!-- The edition's title: the header's main title, else its first. -->
  <xsl:function name="te:edition-title" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="stmt" select="root($doc)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="te:reading(($stmt/tei:title[@type = 'main'], $stmt/tei:title)[1])"/>
  </xsl:function>

  <!-- Who made the edition: the header's editors, else the names of its statements of
       responsibility (the encoders). -->
  <xsl:function name="te:edition-editors" as="xs:string*">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="stmt" select="root($doc)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="distinct-values((if ($stmt/tei:editor) then $stmt/tei:editor
                                           else $stmt/tei:respStmt/(tei:name | tei:persName | tei:orgName))
                                          ! te:reading(.)[.])"/>
  </xsl:function>

  <!-- The edition's version: editionStmt/edition/@n or its text, else its publication date. -->
  <xsl:function name="te:edition-version" as="xs:string?">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="file" select="root($doc)/tei:TEI/tei:teiHeader/tei:fileDesc"/>
    <xsl:sequence select="($file/tei:editionStmt/tei:edition/@n ! normalize-space(.)[.],
                           $file/tei:editionStmt/tei:edition ! te:reading(.)[.],
                           $file/tei:publicationStmt/tei:date ! (te:iso-date(.), te:reading(.))[.])[1]"/>
  </xsl:function>

  <!-- The date the edition was published, as ISO (from the publicationStmt). -->
  <xsl:function name="te:edition-date" as="xs:string?">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="pub" select="root($doc)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
    <xsl:sequence select="($pub/tei:date ! te:iso-date(.))[1]"/>
  </xsl:function>

  <!-- The suggested citation of the edition (or of one place in it, $where: "§ 12"), with
       its address and $fragment ("#p-12") when the address is known. -->
  <xsl:function name="te:citation" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="where" as="xs:string?"/>
    <xsl:param name="fragment" as="xs:string?"/>
    <xsl:sequence select="te:citation-of(te:citation-head($doc), te:edition-url($doc), $where, $fragment)"/>
  </xsl:function>

  <!-- A citation from its parts: what te:citation-head gives, a place, the address. For a
       stylesheet that cites many places (compute the head once). -->
  <xsl:function name="te:citation-of" as="xs:string">
    <xsl:param name="head" as="xs:string"/>
    <xsl:param name="url" as="xs:string?"/>
    <xsl:param name="where" as="xs:string?"/>
    <xsl:param name="fragment" as="xs:string?"/>
    <xsl:sequence select="string-join(($head, normalize-space($where)[.]), ', ') || '.'
                          || (if ($url) then ' ' || $url || string($fragment) else '')"/>
  </xsl:function>

  <!-- Author, title (and the source's date), kind of edition and who made it, publisher,
       date: the citation of the edition up to the place cited. -->
  <xsl:function name="te:citation-head" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="file" select="root($doc)/tei:TEI/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="source-date" select="te:reading(($file/tei:sourceDesc/tei:bibl/tei:date)[1])"/>
    <xsl:variable name="title" select="te:edition-title($doc)"/>
    <xsl:variable name="date" select="te:edition-date($doc)"/>
    <xsl:variable name="editors" select="te:edition-editors($doc)"/>
    <xsl:variable name="publisher" select="te:reading(($file/tei:publicationStmt/tei:publisher)[1])"/>
    <xsl:sequence select="normalize-space(string-join((
        string-join($file/tei:titleStmt/tei:author ! te:reading(.), ', ')[.],
        $title || (if ($source-date and not(contains($title, $source-date))) then ' (' || $source-date || ')' else ''),
        string-join(te:reading($file/tei:titleStmt/tei:title[@type = 'sub'][1])[.] ! (lower-case(substring(., 1, 1)) || substring(., 2)))
          || (if (exists($editors)) then ' établie par ' || string-join($editors, ', ') else ''),
        $publisher[. and not(. = $editors)],
        (if (matches(string($date), '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'))
         then te:french-date(xs:integer(substring($date, 9, 2)), xs:integer(substring($date, 6, 2)), substring($date, 1, 4))
         else $date)
      )[normalize-space()] ! normalize-space(.), ', '))"/>
  </xsl:function>

  <!-- The marks an element prints before or after its text: the CSS content strings of the
       renditions its @rendition points at ("" when none). -->
  <xsl:key name="te:rendition" match="tei:tagsDecl/tei:rendition" use="@xml:id"/>
  <xsl:function name="te:mark" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="scope" as="xs:string"/>
    <xsl:sequence select="string-join(
        for $ref in tokenize(string($el/@rendition)) return
          key('te:rendition', substring($ref, 2), root($el))[@scope = $scope]
            ! replace(replace(normalize-space(.), '^content:\s*&quot;(.*)&quot;;?$', '$1'),
                      '\\(.)', '$1'), '')"/>
  </xsl:function>

  <!-- ===== reading text ================================================================= -->

  <!-- The reading text of nodes as one line: corrected, without notes or running heads. -->
  <xsl:function name="te:reading" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="te:reading($nodes, false(), false())"/>
  </xsl:function>

  <!-- The same, with note marks as [n] and page breaks as [p. n] when asked. -->
  <xsl:function name="te:reading" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:param name="marks" as="xs:boolean"/>
    <xsl:param name="pages" as="xs:boolean"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$nodes" mode="te:reading">
        <xsl:with-param name="marks" select="$marks" tunnel="yes"/>
        <xsl:with-param name="pages" select="$pages" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts, ''))"/>
  </xsl:function>

  <xsl:mode name="te:reading" on-no-match="shallow-skip"/>

  <xsl:template match="text()" mode="te:reading">
    <xsl:sequence select="string(.)"/>
  </xsl:template>

  <xsl:template match="*" mode="te:reading">
    <xsl:apply-templates mode="te:reading"/>
  </xsl:template>

  <!-- Running heads and page numbers are furniture, never reading text. -->
  <xsl:template match="tei:fw" mode="te:reading"/>

  <!-- An element whose quotation marks the TEI keeps in @rendition (tagsDecl/rendition, CSS
       content before or after it) reads with them, as printed. -->
  <xsl:template match="tei:*[@rendition]" mode="te:reading">
    <xsl:sequence select="te:mark(., 'before')"/>
    <xsl:apply-templates mode="te:reading"/>
    <xsl:sequence select="te:mark(., 'after')"/>
  </xsl:template>

  <!-- The edited reading of a choice; the source's reading stays in the apparatus. -->
  <xsl:template match="tei:choice" mode="te:reading">
    <xsl:apply-templates select="(tei:corr, tei:reg, tei:expan, *)[1]" mode="te:reading"/>
  </xsl:template>

  <!-- A note taken out of a title (note/@target -> anchor): its mark reads at the anchor. -->
  <xsl:key name="te:note-at" match="tei:note[@target]" use="@target"/>
  <xsl:template match="tei:anchor" mode="te:reading">
    <xsl:param name="marks" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="$marks">
      <xsl:for-each select="key('te:note-at', '#' || @xml:id)">[{te:note-label(.)}]</xsl:for-each>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:note[@target]" mode="te:reading" priority="1"/>

  <xsl:template match="tei:note" mode="te:reading">
    <xsl:param name="marks" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="$marks">[{te:note-label(.)}]</xsl:if>
  </xsl:template>

  <!-- A break inside a word (break="no", or no space on either side) stays inside it. -->
  <xsl:template match="tei:pb" mode="te:reading">
    <xsl:param name="pages" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="in-word" select="@break = 'no'
        or (matches(string(preceding::text()[not(ancestor::tei:fw)][1]), '\S$')
            and matches(string(following::text()[not(ancestor::tei:fw)][1]), '^\S'))"/>
    <xsl:variable name="gap" select="if ($in-word) then '' else ' '"/>
    <xsl:sequence select="if ($pages and @n) then $gap || '[p. ' || @n || ']' || $gap else ''"/>
  </xsl:template>

  <xsl:template match="tei:lb" mode="te:reading">
    <xsl:sequence select="if (@break = 'no') then '' else ' '"/>
  </xsl:template>

  <!-- Paragraphs inside an inline element (a note of several paragraphs) stay apart. -->
  <xsl:template match="tei:p" mode="te:reading">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="te:reading"/>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Lost text is named, so a reader knows something is missing. -->
  <xsl:template match="tei:gap" mode="te:reading">
    <xsl:sequence select="if (normalize-space(tei:desc)) then ' [' || normalize-space(tei:desc) || '] '
                          else ' […] '"/>
  </xsl:template>

  <!-- ===== bibliographic references ===================================================== -->

  <!-- A reference as text; an "Ibid" (@corresp, no title) is spelled out from the one it
       repeats, its own page or volume replacing that one's. -->
  <xsl:function name="te:bibl-text" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:sequence select="te:bibl-text($bibl, (), 0)"/>
  </xsl:function>

  <xsl:function name="te:bibl-text" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:param name="scopes" as="element(tei:biblScope)*"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:variable name="repeated" select="te:target($bibl, $bibl/@corresp)[self::tei:bibl]"/>
    <xsl:choose>
      <!-- depth guards against a chain of Ibids that loops back on itself -->
      <xsl:when test="$repeated and not($bibl/tei:title) and $depth lt 8">
        <xsl:sequence select="te:bibl-text($repeated,
            ($scopes, $bibl/tei:biblScope[not(@unit = $scopes/@unit)]), $depth + 1)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="parts" as="xs:string*">
          <xsl:apply-templates select="$bibl/node()" mode="te:bibl">
            <xsl:with-param name="scopes" select="$scopes" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:variable>
        <xsl:sequence select="normalize-space(string-join($parts, ''))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The work a reference cites (the xml:id of a standOff bibl), following Ibids. -->
  <xsl:function name="te:bibl-work" as="xs:string?">
    <xsl:param name="bibl" as="element()"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:variable name="work" select="te:target($bibl, ($bibl//tei:title/@ref)[1])"/>
    <xsl:variable name="repeated" select="te:target($bibl, $bibl/@corresp)[self::tei:bibl]"/>
    <xsl:sequence select="if ($work/@xml:id) then string($work/@xml:id)
                          else if ($repeated and $depth lt 8) then te:bibl-work($repeated, $depth + 1)
                          else ()"/>
  </xsl:function>

  <xsl:mode name="te:bibl" on-no-match="shallow-skip"/>

  <xsl:template match="*" mode="te:bibl">
    <xsl:sequence select="te:reading(.)"/>
  </xsl:template>

  <!-- whitespace between parts is kept, te:reading would trim it -->
  <xsl:template match="text()" mode="te:bibl">
    <xsl:sequence select="string(.)"/>
  </xsl:template>

  <xsl:template match="tei:biblScope" mode="te:bibl">
    <xsl:param name="scopes" as="element(tei:biblScope)*" tunnel="yes"/>
    <xsl:variable name="unit" select="string(@unit)"/>
    <xsl:sequence select="te:reading(($scopes[string(@unit) = $unit], .)[1])"/>
  </xsl:template>

  <!-- ===== escaping for text formats ==================================================== -->

  <!-- A JSON string literal (XML 1.0 text can only hold tab, LF and CR as controls). -->
  <xsl:function name="te:json" as="xs:string">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="if (empty($value)) then 'null'
      else '&quot;' || replace(replace(replace(replace(replace($value,
             '\\', '\\\\'), '&quot;', '\\&quot;'), '&#10;', '\\n'), '&#13;', '\\r'), '&#9;', '\\t')
        || '&quot;'"/>
  </xsl:function>

  <!-- A CSV field as RFC 4180 wants it: always quoted, quotes doubled. -->
  <xsl:function name="te:csv" as="xs:string">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="'&quot;' || replace(string($value), '&quot;', '&quot;&quot;') || '&quot;'"/>
  </xsl:function>

</xsl:stylesheet>
