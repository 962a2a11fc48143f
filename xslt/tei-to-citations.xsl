<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI edition -> the edition's quotations and the works they cite, for scholars who cite.

  $format = 'json': {"document": {…}, "quotations": […], "works": […]}
  $format = 'csl':  CSL-JSON (an array of items Zotero and pandoc import): the edition itself
                    first, then the works cited, then each reference of a note that gives a
                    volume or a page (a work at one place: "Œuvres, t. 33, p. 111")
  $format = 'csv':  one row per quotation (RFC 4180: CRLF, every field quoted), UTF-8 with a
                    byte-order mark so that spreadsheet programs read it as UTF-8

  The ids are the TEI xml:ids, so a row can be cited back into the edition (#id in the HTML).
  JSON is written by hand, not through map serialization, so key order and escaping are the
  same on every Saxon version.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:x-tei-edition:xslt"
    exclude-result-prefixes="#all"
    expand-text="no">

  <xsl:import href="tei-common.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- Which publication to write: 'json' (quotations), 'csl' (works, CSL-JSON) or 'csv'. -->
  <xsl:param name="format" as="xs:string" select="'json'"/>

  <xsl:variable name="NL" as="xs:string" select="'&#10;'"/>

  <!-- A quotation split across paragraphs (@next/@prev) is one quotation, listed at its
       first part; nested quotations are quotations too. -->
  <xsl:variable name="quotations" as="element(tei:quote)*"
                select="/tei:TEI/tei:text//tei:quote[not(@prev)]"/>

  <xsl:variable name="works" as="element(tei:bibl)*"
                select="(/tei:TEI/tei:standOff/tei:listBibl[@type = 'works' or not(@type)]
                        | /tei:TEI/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:listBibl[@type = 'works'])/tei:bibl"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$format = 'json'">
        <xsl:apply-templates select="tei:TEI" mode="cit-json"/>
      </xsl:when>
      <xsl:when test="$format = 'csl'">
        <xsl:apply-templates select="tei:TEI" mode="cit-csl"/>
      </xsl:when>
      <xsl:when test="$format = 'csv'">
        <xsl:apply-templates select="tei:TEI" mode="cit-csv"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes">unknown format: <xsl:value-of select="$format"/></xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== what a quotation is made of ================================================== -->

  <!-- The parts of a quotation: itself and, through @next, its continuations. -->
  <xsl:function name="te:quote-parts" as="element()*">
    <xsl:param name="quote" as="element()"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:variable name="next" select="te:target($quote, $quote/@next)[self::tei:quote]"/>
    <xsl:sequence select="$quote, if ($next and $depth lt 50) then te:quote-parts($next, $depth + 1) else ()"/>
  </xsl:function>

  <!-- The words quoted; paragraphs (of a letter, of a split quotation) end with a newline. -->
  <xsl:function name="te:quote-text" as="xs:string">
    <xsl:param name="parts" as="element()*"/>
    <xsl:sequence select="string-join(
        for $part in $parts return
          if ($part/tei:p) then (for $p in $part/tei:p return te:reading($p/node()))
          else te:mark($part, 'before') || te:reading($part/node()) || te:mark($part, 'after'), $NL)"/>
  </xsl:function>

  <!-- The reference @source designates: a bibl, usually inside the note that gives it.
       A split quotation may carry it on any part (the note often follows its last part). -->
  <xsl:function name="te:quote-source" as="element()?">
    <xsl:param name="parts" as="element()*"/>
    <xsl:sequence select="($parts[@source] ! te:target(., @source))[1]"/>
  </xsl:function>

  <!-- Whom a quotation quotes: the author its source reference names (an Ibid's, from the
       reference it repeats), else the author of the work it cites. -->
  <xsl:function name="te:quoted-author" as="xs:string?">
    <xsl:param name="source" as="element()?"/>
    <xsl:variable name="bibl" select="$source/self::tei:bibl"/>
    <xsl:sequence select="if ($source/self::tei:person) then te:person-name($source)
        else if (empty($bibl)) then ()
        else (te:bibl-authors($bibl, 0), te:target($bibl, te:source-work($bibl) ! ('#' || .))/tei:author ! te:reading(.))[.][1]"/>
  </xsl:function>

  <!-- The work a quotation's source names: a reference's title/@ref (an Ibid's, from the
       reference it repeats), or the work itself when the source is an entry of a list. -->
  <xsl:function name="te:source-work" as="xs:string?">
    <xsl:param name="source" as="element()?"/>
    <xsl:sequence select="if (empty($source/self::tei:bibl)) then ()
        else (te:bibl-work($source, 0), $source[parent::tei:listBibl]/@xml:id/string())[1]"/>
  </xsl:function>

  <!-- A quotation's source as words: the reference, or the person quoted. -->
  <xsl:function name="te:source-label" as="xs:string?">
    <xsl:param name="source" as="element()?"/>
    <xsl:sequence select="if ($source/self::tei:bibl[parent::tei:listBibl]) then
          string-join(($source/tei:author ! te:reading(.), te:reading(($source/tei:title)[1])), ', ')
        else if ($source/self::tei:bibl) then te:bibl-text($source)
        else if ($source/self::tei:person) then te:person-name($source)
        else if ($source) then te:reading($source) else ()"/>
  </xsl:function>

  <xsl:function name="te:bibl-authors" as="xs:string*">
    <xsl:param name="bibl" as="element()"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:variable name="repeated" select="te:target($bibl, $bibl/@corresp)[self::tei:bibl]"/>
    <xsl:sequence select="if ($bibl/tei:author) then $bibl/tei:author ! te:reading(.)
                          else if ($repeated and $depth lt 8) then te:bibl-authors($repeated, $depth + 1)
                          else ()"/>
  </xsl:function>

  <!-- The label of a division, as the reading edition heads it. -->
  <xsl:function name="te:division-label" as="xs:string?">
    <xsl:param name="div" as="element(tei:div)?"/>
    <xsl:variable name="activity" select="te:reading(te:setting($div)/tei:activity)"/>
    <xsl:sequence select="if (empty($div)) then ()
        else ((if (contains($activity, ' — ')) then substring-before($activity, ' — ') else $activity)[.],
              te:reading($div/tei:head[1])[.],
              string-join((te:speaker(($div//tei:sp)[1]), te:date-label(te:division-date($div)))[.], ', ')[.])[1]"/>
  </xsl:function>

  <!-- The paragraph a quotation starts in (the first with an id around it). -->
  <xsl:function name="te:paragraph-id" as="xs:string?">
    <xsl:param name="quote" as="element()"/>
    <xsl:sequence select="($quote/ancestor::tei:p[@xml:id][not(ancestor::tei:note)],
                           ($quote//tei:p[@xml:id])[1])[1]/string(@xml:id)"/>
  </xsl:function>

  <!-- Where a quotation is read online: the edition's address and the quotation's id. -->
  <xsl:function name="te:quote-url" as="xs:string?">
    <xsl:param name="quote" as="element()"/>
    <xsl:variable name="url" select="te:edition-url($quote)"/>
    <xsl:sequence select="if ($url and $quote/@xml:id) then $url || '#' || $quote/@xml:id else ()"/>
  </xsl:function>

  <!-- ===== JSON ========================================================================= -->

  <xsl:mode name="cit-json" on-no-match="shallow-skip"/>

  <xsl:template match="tei:TEI" mode="cit-json">
    <xsl:variable name="file" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:value-of select="'{', '  &quot;document&quot;: {',
        te:members((
          te:member('title', te:json(te:reading(($file/tei:titleStmt/tei:title[@type = 'main'],
                                                 $file/tei:titleStmt/tei:title)[1]))),
          te:member('author', te:json(te:optional(te:reading($file/tei:titleStmt/tei:author)))),
          te:member('date', te:json(te:iso-date(($file/tei:sourceDesc/tei:bibl/tei:date,
                                                 tei:text/tei:front//tei:docDate)[1]))),
          te:member('identifier', te:json(te:optional(te:reading(($file/tei:publicationStmt/tei:idno)[1]))))
        ), '    '),
        '  },', '  &quot;quotations&quot;: ' || te:array(
          for $q in $quotations return te:quote-json($q), '  ') || ',',
        '  &quot;works&quot;: ' || te:array(
          for $w in $works return te:work-json($w), '  '),
        '}', ''" separator="&#10;"/>
  </xsl:template>

  <xsl:function name="te:quote-json" as="xs:string">
    <xsl:param name="quote" as="element(tei:quote)"/>
    <xsl:variable name="parts" select="te:quote-parts($quote, 0)"/>
    <xsl:variable name="source" select="te:quote-source($parts)"/>
    <xsl:variable name="note" select="$source/ancestor-or-self::tei:note[1]"/>
    <xsl:sequence select="'{' || $NL || te:members((
        te:member('id', te:json(te:optional(string($quote/@xml:id)))),
        te:member('text', te:json(te:quote-text($parts))),
        te:member('speaker', te:json(te:speaker($quote))),
        te:member('quoted', te:json(te:quoted-author($source))),
        te:member('division', te:json(te:division-label(te:division($quote)))),
        te:member('division_id', te:json(te:optional(string(te:division($quote)/@xml:id)))),
        te:member('page', te:json(te:page-range($quote, $parts))),
        te:member('paragraph', te:json(te:paragraph-id($quote))),
        te:member('url', te:json(te:quote-url($quote))),
        te:member('source', if (empty($source)) then 'null' else '{' || $NL || te:members((
            te:member('note', te:json(if ($note) then te:note-label($note) else ())),
            te:member('bibl', te:json(te:source-label($source))),
            te:member('work', te:json(te:source-work($source))),
            te:member('person', te:json($source/self::tei:person/@xml:id/string()))
          ), '        ') || $NL || '      }')
      ), '      ') || $NL || '    }'"/>
  </xsl:function>

  <xsl:function name="te:work-json" as="xs:string">
    <xsl:param name="work" as="element(tei:bibl)"/>
    <xsl:sequence select="'{' || $NL || te:members((
        te:member('id', te:json(string($work/@xml:id))),
        te:member('title', te:json(te:optional(te:reading(($work/tei:title)[1])))),
        te:member('author', te:json(te:optional(string-join($work/tei:author/te:reading(.), '; '))))
      ), '      ') || $NL || '    }'"/>
  </xsl:function>

  <!-- ===== CSL-JSON ===================================================================== -->

  <xsl:mode name="cit-csl" on-no-match="shallow-skip"/>

  <xsl:template match="tei:TEI" mode="cit-csl">
    <xsl:variable name="scoped" select="tei:text//tei:note//tei:bibl[@xml:id][tei:biblScope or @corresp]
                                        [not(te:container-of(.))]"/>
    <xsl:value-of select="te:array((te:csl-edition(.), $works ! te:csl-item(.), $scoped ! te:csl-reference(.)), '')
                          || $NL"/>
  </xsl:template>

  <!-- The edition itself: what a reader of this edition cites. -->
  <xsl:function name="te:csl-edition" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="file" select="$tei/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="pub" select="$file/tei:publicationStmt"/>
    <xsl:variable name="place" select="te:reading(($pub/tei:pubPlace)[1])[not(matches(lower-case(.), '^(en ligne|online)$'))]"/>
    <xsl:variable name="lang" select="string($tei/@xml:lang)[te:is-lang(.)]"/>
    <xsl:sequence select="'{' || $NL || te:members((
        te:member('id', te:json(($tei/@xml:id, te:reading(($pub/tei:idno)[1]), 'edition')[.][1])),
        te:member('type', te:json('book')),
        te:member('title', te:json(te:edition-title($tei))),
        if ($file/tei:titleStmt/tei:author) then te:member('author', te:array(
            $file/tei:titleStmt/tei:author ! te:csl-name(te:reading(.)), '    ')) else (),
        if (exists(te:edition-editors($tei))) then te:member('editor', te:array(
            te:edition-editors($tei) ! ('{&quot;literal&quot;: ' || te:json(.) || '}'), '    ')) else (),
        ($pub/tei:publisher)[1] ! te:member('publisher', te:json(te:reading(.))),
        $place ! te:member('publisher-place', te:json(.)),
        te:csl-issued(te:edition-date($tei)),
        te:reading($file/tei:titleStmt/tei:title[@type = 'sub'][1])[.] ! te:member('medium', te:json(.)),
        te:edition-url($tei) ! te:member('URL', te:json(.)),
        $lang ! te:member('language', te:json(.)),
        ($file/tei:sourceDesc/tei:bibl)[1] ! te:member('note', te:json('Édition de : ' || te:described(.)))
      ), '    ') || $NL || '  }'"/>
  </xsl:function>

  <!-- A header's bibl in words: its author, title and date (when the title does not already
       give it), comma-separated; its elements hold no punctuation of their own. -->
  <xsl:function name="te:described" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:variable name="title" select="te:reading(($bibl/tei:title)[1])"/>
    <xsl:sequence select="string-join(($bibl/tei:author ! te:reading(.), $title,
        $bibl/tei:date ! te:reading(.)[not(contains($title, .))])[.], ', ')"/>
  </xsl:function>

  <!-- A work of the standOff list; placed in a container (an article in a collection) when a
       reference names it inside another titled work with a volume or pages. -->
  <xsl:function name="te:csl-item" as="xs:string">
    <xsl:param name="work" as="element(tei:bibl)"/>
    <xsl:variable name="placed" select="(root($work)//tei:text//tei:bibl[te:container-of(.)]
                                         [tei:title[1]/@ref = '#' || $work/@xml:id])[1]"/>
    <xsl:variable name="container" select="$placed ! te:container-of(.)"/>
    <xsl:sequence select="'{' || $NL || te:members((
        te:member('id', te:json(string($work/@xml:id))),
        te:member('type', te:json(if ($container) then 'chapter' else te:csl-type($work))),
        te:member('title', te:json(te:reading(($work/tei:title)[1]))),
        te:csl-work-fields($work),
        $container ! te:member('container-title', te:json(te:reading(tei:title[1]))),
        $placed ! te:csl-scopes(.)
      ), '    ') || $NL || '  }'"/>
  </xsl:function>

  <!-- A reference in a note that gives a place in a work (volume, page): the work's data
       with that volume and page; an Ibid spelled out from the reference it repeats. -->
  <xsl:function name="te:csl-reference" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:variable name="work-id" select="te:bibl-work($bibl, 0)"/>
    <xsl:variable name="work" select="te:target($bibl, $work-id ! ('#' || .))[self::tei:bibl]"/>
    <xsl:variable name="scopes" select="te:scopes($bibl, (), 0)"/>
    <xsl:sequence select="'{' || $NL || te:members((
        te:member('id', te:json(string($bibl/@xml:id))),
        te:member('type', te:json(if ($work) then te:csl-type($work) else 'book')),
        te:member('title', te:json(if ($work) then te:reading(($work/tei:title)[1]) else te:bibl-text($bibl))),
        if ($work) then te:csl-work-fields($work) else (),
        $scopes[@unit = 'volume'][1] ! te:member('volume', te:json(te:scope-value(.))),
        $scopes[@unit = ('page', 'pp')][1] ! te:member('page', te:json(te:scope-value(.))),
        te:member('note', te:json('Référence de la note ' || te:note-label($bibl/ancestor::tei:note[1])
                                  || ' : ' || te:bibl-text($bibl)))
      ), '    ') || $NL || '  }'"/>
  </xsl:function>

  <!-- The fields every item of a work has: authors, date, publisher, place, language, note. -->
  <xsl:function name="te:csl-work-fields" as="xs:string*">
    <xsl:param name="work" as="element(tei:bibl)"/>
    <!-- a work's title is in the language the TEI gives it (xml:lang, inherited from the
         document: the titles are cited as the edition prints them); a newspaper's title is
         a name, in no language -->
    <xsl:variable name="lang" select="if (te:csl-type($work) = 'article-newspaper' and empty($work/@xml:lang)) then ()
        else ($work/@xml:lang, $work/tei:textLang/@mainLang, $work/ancestor::*/@xml:lang)[te:is-lang(.)][1]"/>
    <xsl:sequence select="(
        if ($work/tei:author) then te:member('author', te:array(
            for $a in $work/tei:author return te:csl-name(te:reading($a)), '    ')) else (),
        if ($work/tei:editor) then te:member('editor', te:array(
            for $a in $work/tei:editor return te:csl-name(te:reading($a)), '    ')) else (),
        te:csl-issued(($work/tei:date ! te:iso-date(.))[1]),
        ($work/tei:publisher)[1] ! te:member('publisher', te:json(te:reading(.))),
        ($work/tei:pubPlace)[1] ! te:member('publisher-place', te:json(te:reading(.))),
        $lang ! te:member('language', te:json(string(.))),
        if ($work/tei:note) then te:member('note', te:json(string-join($work/tei:note/te:reading(node()), ' '))) else ()
      )"/>
  </xsl:function>

  <!-- "issued" from an ISO date: the year, month and day it gives (an interval: its start). -->
  <xsl:function name="te:csl-issued" as="xs:string?">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:variable name="start" select="tokenize(string($iso), '/')[1]"/>
    <xsl:sequence select="if (matches($start, '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'))
        then te:member('issued', '{&quot;date-parts&quot;: [[' ||
                       string-join(for $n in tokenize($start, '-') return string(xs:integer($n)), ', ')
                       || ']]}') else ()"/>
  </xsl:function>

  <!-- The work a reference names second, in the same reference with a volume or pages:
       the collection the first work is printed in ("Comment réorganiser … (Œuvres, t. 33,
       p. 495-500)"). -->
  <xsl:function name="te:container-of" as="element(tei:bibl)?">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:variable name="titles" select="$bibl/tei:title[@ref]"/>
    <xsl:sequence select="if (count($titles) ge 2 and $bibl/tei:biblScope and $titles[1]/@ref ne $titles[2]/@ref)
                          then te:target($bibl, $titles[2]/@ref)[self::tei:bibl] else ()"/>
  </xsl:function>

  <xsl:function name="te:csl-scopes" as="xs:string*">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:variable name="scopes" select="te:scopes($bibl, (), 0)"/>
    <xsl:sequence select="($scopes[@unit = 'volume'][1] ! te:member('volume', te:json(te:scope-value(.))),
                           $scopes[@unit = ('page', 'pp')][1] ! te:member('page', te:json(te:scope-value(.))))"/>
  </xsl:function>

  <!-- A reference's scopes, an Ibid's own first, then those of the reference it repeats. -->
  <xsl:function name="te:scopes" as="element(tei:biblScope)*">
    <xsl:param name="bibl" as="element()"/>
    <xsl:param name="have" as="element(tei:biblScope)*"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:variable name="mine" select="($have, $bibl/tei:biblScope[not(@unit = $have/@unit)])"/>
    <xsl:variable name="repeated" select="te:target($bibl, $bibl/@corresp)[self::tei:bibl]"/>
    <xsl:sequence select="if ($repeated and not($bibl/tei:title) and $depth lt 8)
                          then te:scopes($repeated, $mine, $depth + 1) else $mine"/>
  </xsl:function>

  <!-- "33", "495-500": a scope's from-to, else its digits. -->
  <xsl:function name="te:scope-value" as="xs:string">
    <xsl:param name="scope" as="element(tei:biblScope)"/>
    <xsl:sequence select="if ($scope/@from and $scope/@to and $scope/@from ne $scope/@to) then $scope/@from || '-' || $scope/@to
                          else if ($scope/@from) then string($scope/@from)
                          else replace(te:reading($scope), '^[^0-9]*', '')"/>
  </xsl:function>

  <!-- The CSL item type for a TEI bibl/@type; a work with no type is taken for a book. -->
  <xsl:function name="te:csl-type" as="xs:string">
    <xsl:param name="work" as="element(tei:bibl)"/>
    <xsl:variable name="types" select="map{'letter': 'letter', 'newspaper': 'article-newspaper',
        'article-newspaper': 'article-newspaper', 'journal': 'article-journal', 'periodical': 'article-journal',
        'article': 'article-journal', 'article-journal': 'article-journal', 'speech': 'speech',
        'manuscript': 'manuscript', 'book': 'book', 'chapter': 'chapter', 'resolution': 'report',
        'report': 'report', 'decree': 'legislation', 'law': 'legislation', 'legislation': 'legislation',
        'pamphlet': 'pamphlet'}"/>
    <xsl:sequence select="($types(string($work/@type)), 'book')[1]"/>
  </xsl:function>

  <!-- "V. Lénine" -> family "Lénine", given "V."; a one-word name stays a literal. -->
  <xsl:function name="te:csl-name" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="words" select="tokenize($name, ' ')"/>
    <xsl:sequence select="if (count($words) lt 2)
        then '{&quot;literal&quot;: ' || te:json($name) || '}'
        else '{&quot;family&quot;: ' || te:json($words[last()]) || ', &quot;given&quot;: '
             || te:json(string-join($words[position() lt last()], ' ')) || '}'"/>
  </xsl:function>

  <!-- ===== CSV ========================================================================== -->

  <xsl:mode name="cit-csv" on-no-match="shallow-skip"/>

  <xsl:template match="tei:TEI" mode="cit-csv">
    <xsl:variable name="rows" as="xs:string*">
      <xsl:sequence select="'id,text,speaker,quoted,division,division_id,page,paragraph,url,note,bibl,work'"/>
      <xsl:for-each select="$quotations">
        <xsl:variable name="parts" select="te:quote-parts(., 0)"/>
        <xsl:variable name="source" select="te:quote-source($parts)"/>
        <xsl:variable name="note" select="$source/ancestor-or-self::tei:note[1]"/>
        <xsl:sequence select="string-join((
            te:csv(@xml:id), te:csv(te:quote-text($parts)), te:csv(te:speaker(.)),
            te:csv(te:quoted-author($source)),
            te:csv(te:division-label(te:division(.))), te:csv(te:division(.)/@xml:id),
            te:csv(te:page-range(., $parts)), te:csv(te:paragraph-id(.)), te:csv(te:quote-url(.)),
            te:csv(if ($note) then te:note-label($note) else ()),
            te:csv(te:source-label($source)), te:csv(te:source-work($source))), ',')"/>
      </xsl:for-each>
    </xsl:variable>
    <!-- the byte-order mark first: LibreOffice and Excel then read UTF-8, not Latin-1 -->
    <xsl:value-of select="'&#xFEFF;', for $r in $rows return $r || '&#13;&#10;'" separator=""/>
  </xsl:template>

  <!-- ===== writing JSON ================================================================= -->

  <xsl:function name="te:member" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="json" as="xs:string"/>
    <xsl:sequence select="te:json($key) || ': ' || $json"/>
  </xsl:function>

  <!-- Object members, one a line at $indent, separated by commas. -->
  <xsl:function name="te:members" as="xs:string">
    <xsl:param name="members" as="xs:string*"/>
    <xsl:param name="indent" as="xs:string"/>
    <xsl:sequence select="string-join(for $m in $members return $indent || $m, ',' || $NL)"/>
  </xsl:function>

  <!-- An array of already written values, one a line, closing at $indent. -->
  <xsl:function name="te:array" as="xs:string">
    <xsl:param name="items" as="xs:string*"/>
    <xsl:param name="indent" as="xs:string"/>
    <xsl:sequence select="if (empty($items)) then '[]'
        else '[' || $NL || string-join(for $i in $items return $indent || '  ' || $i, ',' || $NL)
             || $NL || $indent || ']'"/>
  </xsl:function>

  <!-- An empty string means "not given": null in JSON. -->
  <xsl:function name="te:optional" as="xs:string?">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="$value[. ne '']"/>
  </xsl:function>

</xsl:stylesheet>
