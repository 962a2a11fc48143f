<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI edition -> one HTML document for print, which src/tei_edition/pdf.py renders to PDF
  with WeasyPrint and the print stylesheet print.css (beside this file): title page with
  the suggested citation, contents with page numbers, the text with its footnotes at the
  foot of their page and the source's page numbers in the margin, the index of persons
  and works with the PDF's page numbers, the apparatus and the colophon.

  The text is rendered by tei-book.xsl, which the EPUB shares, through the same reading
  rules as the HTML edition (tei-common.xsl). Page numbers of the PDF come from CSS
  (target-counter), so this stylesheet states none.
-->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:x-tei-edition:xslt"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="tei-book.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>

  <xsl:template match="/">
    <html lang="{$doc-lang}">
      <head>
        <meta charset="utf-8"/>
        <title>{$doc-title}</title>
        <xsl:for-each select="$file/tei:titleStmt/tei:author">
          <meta name="author" content="{te:reading(.)}"/>
        </xsl:for-each>
        <meta name="description" content="{te:suggested-citation()}"/>
        <meta name="generator" content="{$generator}"/>
      </head>
      <xsl:text>&#10;</xsl:text>
      <body>
        <xsl:call-template name="te:title-page"/>
        <xsl:text>&#10;</xsl:text>
        <xsl:call-template name="te:print-contents"/>
        <xsl:text>&#10;</xsl:text>
        <main class="text">
          <xsl:apply-templates select="/tei:TEI/tei:text/tei:body/*" mode="book"/>
        </main>
        <xsl:if test="/tei:TEI/tei:text/tei:back/*">
          <section class="back">
            <xsl:apply-templates select="/tei:TEI/tei:text/tei:back/*" mode="book"/>
          </section>
        </xsl:if>
        <xsl:text>&#10;</xsl:text>
        <xsl:if test="$persons"><xsl:call-template name="te:person-index"/></xsl:if>
        <xsl:if test="$works"><xsl:call-template name="te:works-index"/></xsl:if>
        <xsl:if test="$choices"><xsl:call-template name="te:apparatus"/></xsl:if>
        <xsl:call-template name="te:colophon"/>
        <xsl:text>&#10;</xsl:text>
      </body>
    </html>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- Contents: each speech and the back matter, with their page in this PDF. -->
  <xsl:template name="te:print-contents">
    <nav class="contents" aria-labelledby="ed:contents-h">
      <h2 id="ed:contents-h">Sommaire</h2>
      <ol>
        <xsl:for-each select="$body-parts">
          <li><a class="toc-entry" href="#{te:book-id(.)}">{te:book-division-title(.)}</a></li>
        </xsl:for-each>
        <xsl:if test="$persons"><li><a class="toc-entry" href="#ed:persons">Index des personnes</a></li></xsl:if>
        <xsl:if test="$works"><li><a class="toc-entry" href="#ed:works">Œuvres citées</a></li></xsl:if>
        <xsl:if test="$choices"><li><a class="toc-entry" href="#ed:apparatus">Apparat critique</a></li></xsl:if>
        <li><a class="toc-entry" href="#ed:colophon">Colophon</a></li>
      </ol>
    </nav>
  </xsl:template>

  <!-- A note: its text, which the print stylesheet floats to the foot of the page of its
       call (float: footnote); the call and the note show the TEI's number. -->
  <xsl:template match="tei:note" mode="book">
    <xsl:param name="at-anchor" as="xs:boolean" select="false()"/>
    <xsl:if test="not(@target) or $at-anchor">
      <span class="footnote" id="{te:book-id(.)}" data-n="{te:note-label(.)}">
        <xsl:call-template name="te:note-body"/>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- A page of the source, in the margin: "p. 7", "[p. 5]" when the edition inferred it. -->
  <xsl:template match="tei:pb" mode="book">
    <xsl:if test="@n">
      <span class="pb{if (@type = 'inferred') then ' inferred' else ''}" id="{te:book-id(.)}">{
        if (@type = 'inferred') then '[p. ' || @n || ']' else 'p. ' || @n}</span>
    </xsl:if>
  </xsl:template>

  <!-- A mention in the index: the page of this PDF where it is (print.css fills it in). -->
  <xsl:template name="te:mention-link">
    <a class="pageref" href="#{te:book-id(.)}"/>
  </xsl:template>

</xsl:stylesheet>
