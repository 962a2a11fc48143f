<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI edition -> the files of an EPUB 3.3 publication, as one XML bundle:

    <te:epub><te:file path="EPUB/package.opf" media-type="…">…</te:file>…</te:epub>

  src/tei_edition/epub.py writes each te:file's element as a file of the zip, in this
  order, after the mimetype and META-INF/container.xml it adds itself. One stylesheet run
  makes the package document (metadata from the TEI header, EPUB Accessibility 1.1
  discovery metadata), the navigation document (every speech, the back matter, the page
  list, landmarks) and the XHTML content documents: the title page with the suggested
  citation, one document per speech with its footnotes (aside epub:type="footnote", linked
  both ways), the index of persons and works, the apparatus and the colophon.

  The text is rendered by tei-book.xsl, which the print edition shares, through the same
  reading rules as the HTML edition (tei-common.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:x-tei-edition:xslt"
    xmlns:epub="http://www.idpf.org/2007/ops"
    xmlns:opf="http://www.idpf.org/2007/opf"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="tei-book.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="folder" select="'EPUB/'"/>
  <xsl:variable name="has-index" select="exists($persons | $works)"/>
  <xsl:variable name="has-back" select="exists(/tei:TEI/tei:text/tei:back/*)"/>

  <!-- The date the publication was last changed (dcterms:modified): the latest date of the
       header (publication, revisions), never the clock, so every build gives the same. -->
  <xsl:variable name="modified" as="xs:string">
    <xsl:variable name="dates" select="($file/tei:publicationStmt/tei:date/@when,
        $header/tei:revisionDesc/tei:change/@when)[matches(., '^[0-9]{4}-[0-9]{2}-[0-9]{2}')]
        ! substring(., 1, 10)"/>
    <xsl:sequence select="(max($dates ! xs:date(.)) ! string(.), '2000-01-01')[1] || 'T00:00:00Z'"/>
  </xsl:variable>

  <!-- ===== which content document holds what ========================================== -->

  <xsl:function name="te:book-file" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="part" select="te:body-part($el)"/>
    <xsl:sequence select="
        if ($el/ancestor-or-self::tei:front) then 'title.xhtml'
        else if ($part) then te:part-file($part)
        else if ($el/ancestor-or-self::tei:back) then 'back.xhtml'
        else if ($el/ancestor-or-self::tei:person or $el/ancestor-or-self::tei:standOff
                 or $el intersect $works) then 'index.xhtml'
        else if ($el/ancestor-or-self::tei:choice) then 'apparatus.xhtml'
        else 'colophon.xhtml'"/>
  </xsl:function>

  <xsl:function name="te:part-file" as="xs:string">
    <xsl:param name="part" as="element()"/>
    <xsl:sequence select="'text-' || (count($part/preceding-sibling::*[not(te:is-furniture(.))]) + 1) || '.xhtml'"/>
  </xsl:function>

  <xsl:function name="te:book-href" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="te:book-file($el) || '#' || te:book-id($el)"/>
  </xsl:function>

  <xsl:function name="te:book-place" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="(if (starts-with($id, 'ed:app-')) then 'apparatus.xhtml'
                           else if ($id = ('ed:persons', 'ed:works')) then 'index.xhtml'
                           else 'colophon.xhtml') || '#' || $id"/>
  </xsl:function>

  <!-- ===== the bundle =================================================================== -->

  <xsl:template match="/">
    <te:epub>
      <te:file path="{$folder}package.opf" media-type="application/oebps-package+xml">
        <xsl:call-template name="te:package"/>
      </te:file>
      <xsl:call-template name="te:content-file">
        <xsl:with-param name="name" select="'nav.xhtml'"/>
        <xsl:with-param name="title" select="'Sommaire'"/>
        <xsl:with-param name="content"><xsl:call-template name="te:nav"/></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="te:content-file">
        <xsl:with-param name="name" select="'title.xhtml'"/>
        <xsl:with-param name="title" select="$doc-title"/>
        <xsl:with-param name="content"><xsl:call-template name="te:title-page"/></xsl:with-param>
      </xsl:call-template>
      <xsl:for-each select="$body-parts">
        <xsl:call-template name="te:content-file">
          <xsl:with-param name="name" select="te:part-file(.)"/>
          <xsl:with-param name="title" select="te:book-division-title(.)"/>
          <xsl:with-param name="content">
            <xsl:apply-templates select="te:part-furniture(., true())" mode="book"/>
            <xsl:apply-templates select="." mode="book"/>
            <xsl:apply-templates select="te:part-furniture(., false())" mode="book"/>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="/tei:TEI/tei:text/tei:back/*">
        <xsl:call-template name="te:content-file">
          <xsl:with-param name="name" select="'back.xhtml'"/>
          <xsl:with-param name="title" select="'Annexes'"/>
          <xsl:with-param name="content">
            <section class="back" epub:type="backmatter">
              <xsl:apply-templates select="/tei:TEI/tei:text/tei:back/*" mode="book"/>
              <xsl:call-template name="te:notes-of">
                <xsl:with-param name="part" select="/tei:TEI/tei:text/tei:back"/>
              </xsl:call-template>
            </section>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$has-index">
        <xsl:call-template name="te:content-file">
          <xsl:with-param name="name" select="'index.xhtml'"/>
          <xsl:with-param name="title" select="'Index'"/>
          <xsl:with-param name="content">
            <xsl:if test="$persons"><xsl:call-template name="te:person-index"/></xsl:if>
            <xsl:if test="$works"><xsl:call-template name="te:works-index"/></xsl:if>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$choices">
        <xsl:call-template name="te:content-file">
          <xsl:with-param name="name" select="'apparatus.xhtml'"/>
          <xsl:with-param name="title" select="'Apparat critique'"/>
          <xsl:with-param name="content"><xsl:call-template name="te:apparatus"/></xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="te:content-file">
        <xsl:with-param name="name" select="'colophon.xhtml'"/>
        <xsl:with-param name="title" select="'Colophon'"/>
        <xsl:with-param name="content"><xsl:call-template name="te:colophon"/></xsl:with-param>
      </xsl:call-template>
    </te:epub>
  </xsl:template>

  <!-- The content documents in reading order: the spine, and the manifest after nav. -->
  <xsl:function name="te:spine" as="xs:string*">
    <xsl:sequence select="'title.xhtml', 'nav.xhtml', $body-parts ! te:part-file(.),
        (if ($has-back) then 'back.xhtml' else ()),
        (if ($has-index) then 'index.xhtml' else ()),
        (if ($choices) then 'apparatus.xhtml' else ()), 'colophon.xhtml'"/>
  </xsl:function>

  <xsl:template name="te:content-file">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="content" as="node()*"/>
    <te:file path="{$folder}{$name}" media-type="application/xhtml+xml">
      <html xml:lang="{$doc-lang}" lang="{$doc-lang}">
        <xsl:text>&#10;</xsl:text>
        <head>
          <meta charset="utf-8"/>
          <title>{$title}</title>
          <link rel="stylesheet" type="text/css" href="css/epub.css"/>
        </head>
        <xsl:text>&#10;</xsl:text>
        <body>
          <xsl:if test="$name ne 'nav.xhtml'">
            <xsl:attribute name="epub:type" select="if ($name = 'title.xhtml') then 'frontmatter'
                else if (starts-with($name, 'text-')) then 'bodymatter' else 'backmatter'"/>
          </xsl:if>
          <xsl:text>&#10;</xsl:text>
          <xsl:sequence select="$content"/>
          <xsl:text>&#10;</xsl:text>
        </body>
        <xsl:text>&#10;</xsl:text>
      </html>
    </te:file>
  </xsl:template>

  <!-- ===== package document ============================================================= -->

  <xsl:template name="te:package">
    <xsl:variable name="pub" select="$file/tei:publicationStmt"/>
    <xsl:variable name="idno" select="normalize-space(($pub/tei:idno, /tei:TEI/@xml:id)[1])"/>
    <xsl:variable name="source" select="$file/tei:sourceDesc/tei:bibl[1]"/>
    <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id"
             xml:lang="{$doc-lang}">
      <xsl:text>&#10;</xsl:text>
      <metadata>
        <xsl:text>&#10;</xsl:text>
        <dc:identifier id="pub-id">{($idno[.], 'tei-edition')[1]}</dc:identifier>
        <dc:title id="title">{$doc-title}</dc:title>
        <meta refines="#title" property="title-type">main</meta>
        <xsl:for-each select="$file/tei:titleStmt/tei:title[@type = 'sub']">
          <dc:title id="subtitle-{position()}">{te:book-text(.)}</dc:title>
          <meta refines="#subtitle-{position()}" property="title-type">subtitle</meta>
        </xsl:for-each>
        <xsl:for-each select="$file/tei:titleStmt/tei:author">
          <dc:creator id="author-{position()}">{te:reading(.)}</dc:creator>
          <meta refines="#author-{position()}" property="role" scheme="marc:relators">aut</meta>
        </xsl:for-each>
        <xsl:for-each select="$file/tei:titleStmt/(tei:editor | tei:respStmt/tei:name)">
          <dc:contributor id="editor-{position()}">{te:reading(.)}</dc:contributor>
          <meta refines="#editor-{position()}" property="role" scheme="marc:relators">edt</meta>
        </xsl:for-each>
        <xsl:for-each select="$pub/tei:publisher">
          <dc:publisher>{te:reading(.)}</dc:publisher>
        </xsl:for-each>
        <xsl:for-each select="($pub/tei:date/@when[te:is-html-date(.)])[1]">
          <dc:date>{.}</dc:date>
        </xsl:for-each>
        <dc:language>{$doc-lang}</dc:language>
        <xsl:if test="$pub/tei:availability">
          <dc:rights>
            <xsl:value-of select="$pub/tei:availability/(tei:licence ! string-join((te:reading(.),
                @target[te:is-web-url(.)] ! string(.)), ' '), tei:p ! te:reading(.))" separator=" — "/>
          </dc:rights>
        </xsl:if>
        <xsl:if test="$source">
          <dc:source id="source">{string-join(($source/(* except tei:note)) ! te:reading(.), ', ')}</dc:source>
          <xsl:if test="/tei:TEI/tei:text//tei:pb[@n]">
            <meta refines="#source" property="source-of">pagination</meta>
          </xsl:if>
        </xsl:if>
        <meta property="dcterms:modified">{$modified}</meta>
        <xsl:call-template name="te:accessibility-metadata"/>
        <xsl:text>&#10;</xsl:text>
      </metadata>
      <xsl:text>&#10;</xsl:text>
      <manifest>
        <item id="css" href="css/epub.css" media-type="text/css"/>
        <xsl:for-each select="te:spine()">
          <item id="{te:item-id(.)}" href="{.}" media-type="application/xhtml+xml">
            <xsl:if test=". = 'nav.xhtml'"><xsl:attribute name="properties">nav</xsl:attribute></xsl:if>
          </item>
        </xsl:for-each>
      </manifest>
      <xsl:text>&#10;</xsl:text>
      <spine>
        <xsl:for-each select="te:spine()">
          <itemref idref="{te:item-id(.)}"/>
        </xsl:for-each>
      </spine>
      <xsl:text>&#10;</xsl:text>
    </package>
  </xsl:template>

  <xsl:function name="te:item-id" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="'item-' || substring-before($name, '.xhtml')"/>
  </xsl:function>

  <!-- EPUB Accessibility 1.1 discovery metadata: what the publication is made of and how
       it can be read. Stated from what this stylesheet makes (text only, no media, no
       animation; navigation, page list and index always made), not from the TEI. -->
  <xsl:template name="te:accessibility-metadata">
    <meta xmlns="http://www.idpf.org/2007/opf" property="schema:accessMode">textual</meta>
    <meta xmlns="http://www.idpf.org/2007/opf" property="schema:accessModeSufficient">textual</meta>
    <xsl:for-each select="('structuralNavigation', 'tableOfContents', 'readingOrder',
        (if (/tei:TEI/tei:text//tei:pb[@n]) then ('pageBreakMarkers', 'pageNavigation') else ()),
        (if ($has-index) then 'index' else ()), 'displayTransformability')">
      <meta xmlns="http://www.idpf.org/2007/opf" property="schema:accessibilityFeature">{.}</meta>
    </xsl:for-each>
    <meta xmlns="http://www.idpf.org/2007/opf" property="schema:accessibilityHazard">none</meta>
    <meta xmlns="http://www.idpf.org/2007/opf" property="schema:accessibilitySummary">Texte seul, sans image ni média : titres structurés, sommaire de chaque discours et des annexes, notes de bas de page liées dans les deux sens, liste des pages de l’édition source (numéros déduits entre crochets), index des personnes et apparat critique. La langue du texte est déclarée ; la mise en forme peut être changée par le lecteur.</meta>
    <meta xmlns="http://www.idpf.org/2007/opf" property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>
    <meta xmlns="http://www.idpf.org/2007/opf" property="a11y:certifiedBy">{($file/tei:publicationStmt/tei:publisher ! te:reading(.), $generator)[1]}</meta>
  </xsl:template>

  <!-- ===== navigation document ========================================================== -->

  <xsl:template name="te:nav">
    <nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-h">
      <h1 id="toc-h">Sommaire</h1>
      <ol>
        <li><a href="title.xhtml">Page de titre</a></li>
        <xsl:for-each select="$body-parts">
          <li><a href="{te:part-file(.)}#{te:book-id(.)}">{te:book-division-title(.)}</a></li>
        </xsl:for-each>
        <xsl:if test="/tei:TEI/tei:text/tei:back/*"><li><a href="back.xhtml">Annexes</a></li></xsl:if>
        <xsl:if test="$persons"><li><a href="index.xhtml#ed:persons">Index des personnes</a></li></xsl:if>
        <xsl:if test="$works"><li><a href="index.xhtml#ed:works">Œuvres citées</a></li></xsl:if>
        <xsl:if test="$choices"><li><a href="apparatus.xhtml#ed:apparatus">Apparat critique</a></li></xsl:if>
        <li><a href="colophon.xhtml#ed:colophon">Colophon</a></li>
      </ol>
    </nav>
    <xsl:text>&#10;</xsl:text>
    <xsl:variable name="pages" select="/tei:TEI/tei:text//tei:pb[@n][not(ancestor::tei:note)]"/>
    <xsl:if test="$pages">
      <nav epub:type="page-list" role="doc-pagelist" id="page-list" aria-labelledby="page-list-h" hidden="hidden">
        <h2 id="page-list-h">Pages de l’édition source (entre crochets&#x202F;: numéros déduits)</h2>
        <ol>
          <xsl:for-each select="$pages">
            <li><a href="{te:book-href(.)}">{te:page-label(.)}</a></li>
          </xsl:for-each>
        </ol>
      </nav>
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
    <nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-h" hidden="hidden">
      <h2 id="landmarks-h">Repères</h2>
      <ol>
        <li><a epub:type="titlepage" href="title.xhtml">Page de titre</a></li>
        <li><a epub:type="toc" href="nav.xhtml#toc">Sommaire</a></li>
        <xsl:if test="$body-parts">
          <li><a epub:type="bodymatter" href="{te:part-file($body-parts[1])}">Texte</a></li>
        </xsl:if>
        <xsl:if test="$has-index"><li><a epub:type="index" href="index.xhtml">Index</a></li></xsl:if>
        <li><a epub:type="colophon" href="colophon.xhtml#ed:colophon">Colophon</a></li>
      </ol>
    </nav>
  </xsl:template>

  <!-- A source page's label: its number, between brackets when the edition inferred it. -->
  <xsl:function name="te:page-label" as="xs:string">
    <xsl:param name="pb" as="element(tei:pb)"/>
    <xsl:sequence select="if ($pb/@type = 'inferred') then '[' || $pb/@n || ']' else string($pb/@n)"/>
  </xsl:function>

  <!-- ===== what the EPUB does its own way =============================================== -->

  <xsl:template name="te:section-type">
    <xsl:attribute name="epub:type" select="'chapter'"/>
    <xsl:attribute name="role" select="'doc-chapter'"/>
  </xsl:template>

  <xsl:template name="te:back-type">
    <xsl:param name="type" as="xs:string"/>
    <xsl:attribute name="epub:type" select="$type"/>
    <xsl:attribute name="role" select="'doc-' || $type"/>
  </xsl:template>

  <!-- A note mark: a link to its footnote, which links back. -->
  <xsl:template match="tei:note" mode="book">
    <xsl:param name="at-anchor" as="xs:boolean" select="false()"/>
    <xsl:if test="not(@target) or $at-anchor">
      <xsl:variable name="id" select="te:book-id(.)"/>
      <sup class="noteref"><a epub:type="noteref" role="doc-noteref" id="ed:ref-{$id}" href="#{$id}">{te:note-label(.)}</a></sup>
    </xsl:if>
  </xsl:template>

  <!-- A page of the source: a page-break marker the page list points to. -->
  <xsl:template match="tei:pb" mode="book">
    <xsl:variable name="label" select="if (@n) then te:page-label(.) else ()"/>
    <span epub:type="pagebreak" role="doc-pagebreak" id="{te:book-id(.)}"
          class="pb{if (@type = 'inferred') then ' inferred' else ''}"
          aria-label="{($label, 'page')[1]}">{if (@n) then (if (@type = 'inferred') then '[p. ' || @n || ']' else 'p. ' || @n) else ''}</span>
  </xsl:template>

  <!-- The footnotes of a part, after it: each an aside linking back to its mark. -->
  <xsl:template name="te:notes-of">
    <xsl:param name="part" as="element()?"/>
    <xsl:for-each select="$part//tei:note[ancestor::tei:text]">
      <xsl:variable name="id" select="te:book-id(.)"/>
      <aside epub:type="footnote" role="doc-footnote" id="{$id}" class="footnote">
        <p>
          <a epub:type="backlink" role="doc-backlink" href="#ed:ref-{$id}"
             aria-label="Note {te:note-label(.)}, retour au texte">{te:note-label(.)}.</a>
          <xsl:text> </xsl:text>
          <xsl:call-template name="te:note-body"/>
        </p>
      </aside>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
