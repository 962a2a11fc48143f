<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI edition -> the edition's quotations and the works they cite, for scholars who cite.

  $format = 'json': {"document": {…}, "quotations": […], "works": […]}
  $format = 'csl':  the works cited as CSL-JSON (an array of items Zotero and pandoc import)
  $format = 'csv':  one row per quotation (RFC 4180: CRLF, every field quoted)

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
                select="/tei:TEI/tei:standOff/tei:listBibl[@type = 'works' or not(@type)]/tei:bibl"/>

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
          else te:reading($part/node()), $NL)"/>
  </xsl:function>

  <!-- The reference @source designates: a bibl, usually inside the note that gives it.
       A split quotation may carry it on any part (the note often follows its last part). -->
  <xsl:function name="te:quote-source" as="element()?">
    <xsl:param name="parts" as="element()*"/>
    <xsl:sequence select="($parts[@source] ! te:target(., @source))[1]"/>
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
        te:member('division', te:json(te:optional(string(te:division($quote)/@xml:id)))),
        te:member('page', te:json(te:page-range($quote, $parts))),
        te:member('source', if (empty($source)) then 'null' else '{' || $NL || te:members((
            te:member('note', te:json(if ($note) then te:note-label($note) else ())),
            te:member('bibl', te:json(if ($source/self::tei:bibl) then te:bibl-text($source)
                                      else te:reading($source))),
            te:member('work', te:json(if ($source/self::tei:bibl) then te:bibl-work($source, 0) else ()))
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
    <xsl:variable name="lang" select="string(@xml:lang)"/>
    <xsl:value-of select="te:array(for $w in $works return te:csl-item($w, $lang), '') || $NL"/>
  </xsl:template>

  <xsl:function name="te:csl-item" as="xs:string">
    <xsl:param name="work" as="element(tei:bibl)"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="when" select="string(($work/tei:date/@when)[1])"/>
    <xsl:sequence select="'{' || $NL || te:members((
        te:member('id', te:json(string($work/@xml:id))),
        te:member('type', te:json(te:csl-type($work/@type))),
        te:member('title', te:json(te:reading(($work/tei:title)[1]))),
        if ($work/tei:author) then te:member('author', te:array(
            for $a in $work/tei:author return te:csl-name(te:reading($a)), '    ')) else (),
        if (matches($when, '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'))
        then te:member('issued', '{&quot;date-parts&quot;: [[' ||
                       string-join(for $n in tokenize($when, '-') return string(xs:integer($n)), ', ')
                       || ']]}') else (),
        if ($lang) then te:member('language', te:json($lang)) else (),
        if ($work/tei:note) then te:member('note', te:json(string-join($work/tei:note/te:reading(node()), ' '))) else ()
      ), '    ') || $NL || '  }'"/>
  </xsl:function>

  <!-- The CSL item type for a TEI bibl/@type; a work with no type is taken for a book. -->
  <xsl:function name="te:csl-type" as="xs:string">
    <xsl:param name="type" as="xs:string?"/>
    <xsl:variable name="types" select="map{'letter': 'letter', 'newspaper': 'periodical',
        'journal': 'periodical', 'periodical': 'periodical', 'article': 'article-journal',
        'speech': 'speech', 'manuscript': 'manuscript', 'book': 'book'}"/>
    <xsl:sequence select="($types(string($type)), 'book')[1]"/>
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
      <xsl:sequence select="'id,text,speaker,division,page,note,bibl,work'"/>
      <xsl:for-each select="$quotations">
        <xsl:variable name="parts" select="te:quote-parts(., 0)"/>
        <xsl:variable name="source" select="te:quote-source($parts)"/>
        <xsl:variable name="note" select="$source/ancestor-or-self::tei:note[1]"/>
        <xsl:sequence select="string-join((
            te:csv(@xml:id), te:csv(te:quote-text($parts)), te:csv(te:speaker(.)),
            te:csv(te:division(.)/@xml:id), te:csv(te:page-range(., $parts)),
            te:csv(if ($note) then te:note-label($note) else ()),
            te:csv(if ($source/self::tei:bibl) then te:bibl-text($source) else if ($source) then te:reading($source) else ()),
            te:csv(if ($source/self::tei:bibl) then te:bibl-work($source, 0) else ())), ',')"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:value-of select="for $r in $rows return $r || '&#13;&#10;'" separator=""/>
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
