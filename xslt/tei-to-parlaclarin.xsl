<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI edition -> Parla-CLARIN TEI (clarin-eric/parla-clarin), for speech-corpus tools.

  The edition is already close to Parla-CLARIN; what this stylesheet changes:
  - each speech (sp) becomes an utterance (u, same @who and xml:id), its paragraphs segments
    (seg, same xml:id), and its speaker label a note type="speaker" just before it, as
    Parla-CLARIN and ParlaMint write them;
  - the title page (no titlePage in Parla-CLARIN) becomes div type="titlePage": each title
    part a head, the date docDate;
  - a speech's date line becomes docDate (Parla-CLARIN has no dateline);
  - a docDate with a range (@from/@to, which its docDate lacks) holds a date with that range;
  - the project's xml-model links are dropped (they name the project's schemas, which this
    file no longer matches).
  Everything else (header, standOff, notes, corrections, names, page breaks) is copied as is.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="http://www.tei-c.org/ns/1.0"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:mode on-no-match="shallow-copy"/>

  <xsl:template match="/">
    <xsl:text>&#10;</xsl:text>
    <xsl:apply-templates select="node() except processing-instruction('xml-model')"/>
  </xsl:template>

  <xsl:template match="processing-instruction('xml-model')"/>

  <!-- a speech: its speaker label, then the utterance -->
  <xsl:template match="tei:sp">
    <xsl:for-each select="tei:speaker">
      <note type="speaker">
        <xsl:apply-templates select="@*, node()"/>
      </note>
    </xsl:for-each>
    <u>
      <xsl:apply-templates select="@*, node() except tei:speaker"/>
    </u>
  </xsl:template>

  <!-- white space between a speaker and what follows stays with the speaker note's place -->
  <xsl:template match="tei:sp/text()[preceding-sibling::*[1][self::tei:speaker]]"/>

  <xsl:template match="tei:sp/tei:p">
    <seg>
      <xsl:apply-templates select="@*, node()"/>
    </seg>
  </xsl:template>

  <!-- a block quotation in a speech: a segment holding the quotation -->
  <xsl:template match="tei:sp/tei:quote">
    <seg>
      <xsl:next-match/>
    </seg>
  </xsl:template>

  <xsl:template match="tei:titlePage">
    <div type="titlePage">
      <xsl:apply-templates select="@*, node()"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:docTitle">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:titlePart">
    <head>
      <xsl:apply-templates select="@*, node()"/>
    </head>
  </xsl:template>

  <xsl:template match="tei:dateline">
    <docDate>
      <xsl:apply-templates select="@*, node()"/>
    </docDate>
  </xsl:template>

  <xsl:template match="tei:docDate[@from or @to or @notBefore or @notAfter]">
    <docDate>
      <xsl:apply-templates select="@* except (@from, @to, @notBefore, @notAfter)"/>
      <date>
        <xsl:apply-templates select="@from, @to, @notBefore, @notAfter, node()"/>
      </date>
    </docDate>
  </xsl:template>

</xsl:stylesheet>
