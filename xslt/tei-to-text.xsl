<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI edition -> UTF-8 reading text for corpus tools.

  Layout: a header (title, source, licence, edition version, how to cite), then the title,
  then each speech: its heading lines, one line naming speaker, place and date, its
  paragraphs, then its notes as "[n] text". Every block (a paragraph, a heading, a note) is
  separated from the next by one blank line, whatever the width. A note's further paragraphs
  are indented by four spaces; the paragraphs of a quoted letter start with "> ". With
  $width > 0 every block is wrapped, its indentation or "> " repeated on each line.
  Corrected readings only; no running heads; page breaks only when $pages is true. French
  spacing (narrow no-break spaces) as in the HTML.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:x-tei-edition:xslt"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="tei-common.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- Wrap lines at this many characters; 0 keeps each paragraph on one line. -->
  <xsl:param name="width" as="xs:integer" select="0"/>
  <!-- Show page breaks as [p. n] in the text and on a line of their own between speeches. -->
  <xsl:param name="pages" as="xs:boolean" select="false()"/>

  <!-- Shown in the header: the publishing program (set by the publisher). -->
  <xsl:param name="generator" as="xs:string" select="'tei-edition'"/>

  <!-- A block is one string; this empty string between blocks starts a new section. -->
  <xsl:variable name="section-break" as="xs:string" select="''"/>

  <!-- The rule between the header and the text. -->
  <xsl:variable name="rule" as="xs:string" select="string-join((1 to 40) ! '=', '')"/>

  <xsl:template match="/">
    <xsl:variable name="blocks" as="xs:string*">
      <xsl:apply-templates select="tei:TEI" mode="text-blocks"/>
    </xsl:variable>
    <xsl:variable name="header" as="xs:string*">
      <xsl:apply-templates select="tei:TEI/tei:teiHeader" mode="text-header"/>
    </xsl:variable>
    <xsl:sequence select="string-join(($header, $rule, $blocks[. ne $section-break]) ! te:typo(.)
                                      ! (if ($width gt 0) then te:wrap-block(., $width) else .),
                                      '&#10;&#10;')"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ===== header: what this text is, where it comes from, how to cite it ============== -->

  <xsl:mode name="text-header" on-no-match="shallow-skip"/>

  <xsl:template match="tei:teiHeader" mode="text-header">
    <xsl:variable name="file" select="tei:fileDesc"/>
    <xsl:variable name="licence" select="($file/tei:publicationStmt/tei:availability/tei:licence)[1]"/>
    <xsl:variable name="lines" as="xs:string*" select="(
        te:edition-title(.),
        te:reading($file/tei:titleStmt/tei:title[@type = 'sub'][1])[.],
        $file/tei:sourceDesc/tei:bibl[1] ! ('Source : ' || string-join((tei:author, tei:title) ! te:reading(.)[.], ', ')),
        $licence ! ('Licence : ' || string-join((te:reading(.)[.], @target[te:is-web-url(.)] ! string()), ' ')),
        'Version de l’édition : ' || string-join((te:edition-version(.), $generator)[.], ', '),
        te:edition-url(.) ! ('Adresse : ' || .),
        'Citer : ' || te:citation(., (), ()))"/>
    <xsl:sequence select="string-join($lines, '&#10;')"/>
  </xsl:template>

  <!-- ===== blocks: the document's structure as a list of lines ========================= -->

  <xsl:mode name="text-blocks" on-no-match="shallow-skip"/>

  <xsl:template match="tei:TEI" mode="text-blocks">
    <xsl:apply-templates select="tei:text" mode="text-blocks"/>
  </xsl:template>

  <xsl:template match="tei:text" mode="text-blocks">
    <xsl:if test="not(tei:front/tei:titlePage)">
      <xsl:sequence select="te:reading((/tei:TEI/tei:teiHeader//tei:titleStmt/tei:title[@type = 'main'],
                                        /tei:TEI/tei:teiHeader//tei:titleStmt/tei:title)[1])"/>
    </xsl:if>
    <xsl:apply-templates select="tei:front, tei:body, tei:back" mode="text-blocks"/>
  </xsl:template>

  <xsl:template match="tei:front | tei:back" mode="text-blocks">
    <xsl:apply-templates select="*" mode="text-blocks"/>
    <xsl:apply-templates select="." mode="text-notes"/>
  </xsl:template>

  <xsl:template match="tei:titlePage | tei:docTitle" mode="text-blocks">
    <xsl:apply-templates select="*" mode="text-blocks"/>
  </xsl:template>

  <xsl:template match="tei:body" mode="text-blocks">
    <xsl:apply-templates select="*" mode="text-blocks"/>
    <!-- notes outside any speech, if the body has such -->
    <xsl:sequence select="$section-break"/>
    <xsl:apply-templates select=".//tei:note[not(ancestor::tei:div) and not(ancestor::tei:note)]"
                         mode="text-notes"/>
  </xsl:template>

  <xsl:template match="tei:body/tei:div" mode="text-blocks">
    <xsl:variable name="heading" select="tei:head | tei:dateline"/>
    <xsl:sequence select="$section-break"/>
    <xsl:apply-templates select="$heading" mode="text-blocks"/>
    <xsl:if test="not(.//tei:sp)">
      <xsl:sequence select="te:speech-line(., ())"/>
    </xsl:if>
    <xsl:apply-templates select="* except $heading" mode="text-blocks"/>
    <xsl:apply-templates select="." mode="text-notes"/>
  </xsl:template>

  <!-- The line naming who speaks, and for the first speech of a division where and when. -->
  <xsl:template match="tei:sp" mode="text-blocks">
    <xsl:variable name="div" select="te:division(.)"/>
    <xsl:sequence select="te:speech-line(if (. is ($div//tei:sp)[1]) then $div else (), .)"/>
    <xsl:apply-templates select="* except tei:speaker" mode="text-blocks"/>
  </xsl:template>

  <!-- Containers of paragraphs (a letter quoted as a block, a nested division). -->
  <xsl:template match="*[tei:p | tei:div | tei:sp | tei:lg | tei:ab]" mode="text-blocks" priority="-0.1">
    <xsl:apply-templates select="*" mode="text-blocks"/>
  </xsl:template>

  <xsl:template match="tei:lg" mode="text-blocks">
    <xsl:apply-templates select="*" mode="text-blocks"/>
  </xsl:template>

  <xsl:template match="tei:list" mode="text-blocks">
    <xsl:apply-templates select="tei:item | tei:head" mode="text-blocks"/>
  </xsl:template>

  <!-- Any other element is a line of reading text: p, head, dateline, l, item, ab, … -->
  <xsl:template match="*" mode="text-blocks" priority="-0.5">
    <xsl:variable name="line" select="te:reading(., true(), $pages)"/>
    <xsl:if test="$line">
      <xsl:sequence select="$line"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:pb" mode="text-blocks">
    <xsl:if test="$pages and @n">
      <xsl:sequence select="$section-break, '[p. ' || @n || ']'"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:fw | tei:speaker" mode="text-blocks"/>

  <!-- ===== notes: listed after the section holding their marks ========================== -->

  <xsl:mode name="text-notes" on-no-match="shallow-skip"/>

  <xsl:template match="tei:front | tei:back | tei:div" mode="text-notes">
    <xsl:variable name="notes" select=".//tei:note[not(ancestor::tei:note)]"/>
    <xsl:if test="$notes">
      <xsl:sequence select="$section-break"/>
      <xsl:apply-templates select="$notes" mode="text-notes"/>
    </xsl:if>
  </xsl:template>

  <!-- "[n] text"; each further paragraph of the note on a line of its own, indented, so
       that it reads as the note's and not as the speech's. -->
  <xsl:template match="tei:note" mode="text-notes">
    <xsl:variable name="lines" as="xs:string*"
                  select="if (tei:p) then (for $p in tei:p return te:reading($p/node(), false(), $pages))
                          else te:reading(node(), false(), $pages)"/>
    <xsl:sequence select="string-join((('[' || te:note-label(.) || '] ' || $lines[1]),
                                       subsequence($lines, 2) ! ('    ' || .)), '&#10;')"/>
  </xsl:template>

  <!-- A quotation of paragraphs (a letter read aloud): each of its lines starts with "> ". -->
  <xsl:template match="tei:quote[tei:p]" mode="text-blocks">
    <xsl:variable name="lines" as="xs:string*">
      <xsl:apply-templates select="*" mode="text-blocks"/>
    </xsl:variable>
    <xsl:sequence select="$lines[. ne $section-break] ! ('> ' || .)"/>
  </xsl:template>

  <!-- ===== helpers ====================================================================== -->

  <!-- "Speaker — Place, date": who speaks, and where and when the division was spoken. -->
  <xsl:function name="te:speech-line" as="xs:string?">
    <xsl:param name="div" as="element()?"/>
    <xsl:param name="sp" as="element(tei:sp)?"/>
    <xsl:variable name="setting" select="te:setting($div)"/>
    <xsl:variable name="when" select="string-join((te:reading($setting/tei:placeName),
                                                    te:date-label(te:division-date($div)))[.], ', ')"/>
    <xsl:variable name="line" select="string-join((if ($sp) then te:speaker($sp) else (), $when)[.], ' — ')"/>
    <xsl:sequence select="$line[.]"/>
  </xsl:function>

  <!-- A block wrapped at $width: each of its lines on its own, the indentation or "> " that
       starts a line repeated on each line it is wrapped to. -->
  <xsl:function name="te:wrap-block" as="xs:string">
    <xsl:param name="block" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:sequence select="string-join(
        for $line in tokenize($block, '&#10;') return
        let $prefix := if (matches($line, '^(&gt; |\s)+')) then replace($line, '^((&gt; |\s)+).*$', '$1', 's') else ''

        return string-join(tokenize(te:wrap(substring($line, string-length($prefix) + 1),
                                            max(($width - string-length($prefix), 10))), '&#10;')
                           ! ($prefix || .), '&#10;'),
        '&#10;')"/>
  </xsl:function>

  <!-- Greedy wrapping at $width characters; a longer word stays whole on its own line. -->
  <xsl:function name="te:wrap" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <!-- French spacing: a guillemet, a high punctuation mark or a page mark is never left
         alone at a line start or end, so those spaces are held (U+E000) while splitting. -->
    <xsl:variable name="held" select="replace(replace($text, '(«|\[p\.) ', '$1&#xE000;'),
                                              ' ([»:;!?])', '&#xE000;$1')"/>
    <xsl:iterate select="for $w in tokenize($held, ' ')[. ne ''] return translate($w, '&#xE000;', ' ')">
      <xsl:param name="lines" as="xs:string*" select="()"/>
      <xsl:param name="line" as="xs:string" select="''"/>
      <xsl:on-completion select="string-join(($lines, $line[. ne '']), '&#10;')"/>
      <xsl:variable name="longer" select="if ($line eq '') then . else $line || ' ' || ."/>
      <xsl:choose>
        <xsl:when test="$line ne '' and string-length($longer) gt $width">
          <xsl:next-iteration>
            <xsl:with-param name="lines" select="$lines, $line"/>
            <xsl:with-param name="line" select="string(.)"/>
          </xsl:next-iteration>
        </xsl:when>
        <xsl:otherwise>
          <xsl:next-iteration>
            <xsl:with-param name="line" select="$longer"/>
          </xsl:next-iteration>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:function>

</xsl:stylesheet>
