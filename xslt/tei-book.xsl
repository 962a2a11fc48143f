<?xml version="1.0" encoding="UTF-8"?>
<!--
  The edition as a book, in XHTML: shared by the EPUB (tei-to-epub.xsl) and the print
  edition rendered to PDF (tei-to-print.xsl). Both import this and override the few things
  a medium does its own way: where an element lives (te:book-href), a note, a page break.

  The text goes through the same reading rules as the HTML edition (tei-common.xsl:
  corrections applied, running heads dropped, notes numbered, gaps named), plus French
  typography (te:typo, the HTML's rule). Every element made here is in the XHTML namespace;
  nothing from the TEI is ever copied as markup.
-->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:x-tei-edition:xslt"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="tei-common.xsl"/>

  <!-- Version of the publishing program, named in the colophon. -->
  <xsl:param name="generator" as="xs:string" select="'tei-edition'"/>

  <!-- Mentions of a person (@ref, @who) or a work (title/@ref), by pointer. -->
  <xsl:key name="te:book-refs" match="tei:text//*[@ref]" use="tokenize(normalize-space(@ref))"/>
  <xsl:key name="te:book-refs" match="tei:text//tei:sp[@who]" use="tokenize(normalize-space(@who))"/>

  <xsl:variable name="header" select="/tei:TEI/tei:teiHeader"/>
  <xsl:variable name="file" select="$header/tei:fileDesc"/>
  <xsl:variable name="doc-title" as="xs:string" select="te:typo(te:reading(
      ($file/tei:titleStmt/tei:title[@type = 'main'], $file/tei:titleStmt/tei:title)[1]))"/>
  <xsl:variable name="doc-lang" as="xs:string"
      select="(/tei:TEI/@xml:lang[te:is-lang(.)], 'fr')[1]"/>
  <xsl:variable name="persons" select="$header/tei:profileDesc/tei:particDesc//tei:person[@xml:id]"/>
  <!-- The works: in the header's sourceDesc (rule E6), or a standOff list (older TEI). -->
  <xsl:variable name="works" select="(/tei:TEI/tei:standOff/tei:listBibl
                                       | $file/tei:sourceDesc/tei:listBibl)/tei:bibl[@xml:id]"/>
  <xsl:variable name="choices" select="/tei:TEI/tei:text//tei:choice[tei:sic | tei:orig | tei:abbr]"/>
  <!-- The parts of the body (speeches): its children but the page furniture between them,
       which is shown with the part that follows it. -->
  <xsl:variable name="body-parts" select="/tei:TEI/tei:text/tei:body/*[not(te:is-furniture(.))]"/>

  <xsl:function name="te:is-furniture" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::tei:pb or self::tei:fw or self::tei:lb or self::tei:cb
                                     or self::tei:milestone])"/>
  </xsl:function>

  <!-- The body part a node is shown in (furniture goes with the next part, else the last). -->
  <xsl:function name="te:body-part" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="top" select="$node/ancestor-or-self::*[parent::tei:body][1]"/>
    <xsl:sequence select="if (empty($top)) then ()
        else if (not(te:is-furniture($top))) then $top
        else ($top/following-sibling::*[not(te:is-furniture(.))][1],
              $top/preceding-sibling::*[not(te:is-furniture(.))][1])[1]"/>
  </xsl:function>

  <!-- The furniture shown with a body part: what stands before it since the previous part
       (a page break before a speech), and, for the last part, what follows it. -->
  <xsl:function name="te:part-furniture" as="element()*">
    <xsl:param name="part" as="element()"/>
    <xsl:param name="before" as="xs:boolean"/>
    <xsl:sequence select="if ($before)
        then $part/preceding-sibling::*[te:is-furniture(.)][te:body-part(.) is $part]
        else $part/following-sibling::*[te:is-furniture(.)][te:body-part(.) is $part]"/>
  </xsl:function>

  <!-- ===== French typography =========================================================== -->

  <!-- The reading text of nodes, with French spacing: headings, index, colophon. -->
  <xsl:function name="te:book-text" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="te:typo(te:reading($nodes))"/>
  </xsl:function>

  <!-- ===== where things are ============================================================ -->

  <!-- The id an element gets in the book: its xml:id, else one made from its rank (with a
       colon, which no xml:id can hold, so the two never clash). -->
  <xsl:function name="te:book-id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/@xml:id) then string($el/@xml:id)
        else 'ed:' || local-name($el) || '-'
             || (count($el/preceding::*[node-name(.) eq node-name($el)])
                 + count($el/ancestor::*[node-name(.) eq node-name($el)]) + 1)"/>
  </xsl:function>

  <!-- A link to an element of the book. One document here; the EPUB overrides this with
       the name of the content document that holds the element. -->
  <xsl:function name="te:book-href" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="'#' || te:book-id($el)"/>
  </xsl:function>

  <!-- A link to a place the book makes itself (index, apparatus, colophon: "ed:persons"). -->
  <xsl:function name="te:book-place" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="'#' || $id"/>
  </xsl:function>

  <!-- The element a mention is shown by: its note, else its paragraph, else its speech. -->
  <xsl:function name="te:mention-anchor" as="element()">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="($el/ancestor-or-self::tei:note[ancestor::tei:text][1],
                           $el/ancestor-or-self::tei:p[@xml:id][1], te:division($el), $el)[1]"/>
  </xsl:function>

  <!-- The label of a division: its head, else speaker and date, else its rank. -->
  <xsl:function name="te:book-division-title" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:variable name="head" select="te:book-text($div/tei:head[1])"/>
    <xsl:variable name="made" select="string-join((te:speaker(($div//tei:sp)[1]),
                                                   te:date-label(te:division-date($div)))[.], ', ')"/>
    <xsl:sequence select="($head[.], $made[.], 'Section ' || (count($div/preceding-sibling::*) + 1))[1]"/>
  </xsl:function>

  <!-- Page (and note) of the source where something appears. -->
  <xsl:function name="te:book-where" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="note" select="$el/ancestor-or-self::tei:note[1]"/>
    <xsl:sequence select="string-join((te:page($el) ! ('p. ' || .),
                                       $note ! ('n. ' || te:note-label(.))), ', ')"/>
  </xsl:function>

  <!-- The suggested citation: author, title, edition, publisher, date, identifier. -->
  <xsl:function name="te:suggested-citation" as="xs:string">
    <xsl:variable name="pub" select="$file/tei:publicationStmt"/>
    <xsl:sequence select="string-join((
        string-join($file/tei:titleStmt/tei:author ! te:book-text(.), ', '),
        $doc-title,
        $file/tei:titleStmt/tei:title[@type = 'sub'] ! te:book-text(.),
        ($pub/tei:publisher, $pub/tei:pubPlace) ! te:book-text(.),
        $pub/tei:date ! te:date-label(.),
        $pub/tei:idno ! te:book-text(.))[.], ', ') || '.'"/>
  </xsl:function>

  <!-- ===== the text ===================================================================== -->

  <xsl:mode name="book" on-no-match="shallow-skip"/>

  <!-- A speech (a top division): heading, then speaker, place and date. -->
  <xsl:template match="tei:body/tei:div" mode="book">
    <xsl:variable name="id" select="te:book-id(.)"/>
    <xsl:variable name="sp" select="(.//tei:sp)[1]"/>
    <xsl:variable name="date" select="te:division-date(.)"/>
    <xsl:variable name="place" select="te:setting(.)/tei:placeName"/>
    <section class="speech" id="{$id}" aria-labelledby="ed:h-{$id}">
      <xsl:call-template name="te:section-type"/>
      <h2 id="ed:h-{$id}" class="speech-title">
        <xsl:choose>
          <xsl:when test="tei:head"><xsl:apply-templates select="tei:head[1]/node()" mode="book"/></xsl:when>
          <xsl:otherwise>{te:book-division-title(.)}</xsl:otherwise>
        </xsl:choose>
      </h2>
      <xsl:if test="$sp or $date or $place">
        <p class="speech-meta">
          <xsl:value-of select="(te:speaker($sp), $place ! te:book-text(.), $date ! te:date-label(.))[.]"
                        separator=", "/>
        </p>
      </xsl:if>
      <xsl:apply-templates select="* except tei:head[1]" mode="book"/>
      <xsl:call-template name="te:notes-of"><xsl:with-param name="part" select="."/></xsl:call-template>
    </section>
  </xsl:template>

  <!-- The EPUB marks a speech as a chapter; print needs nothing. -->
  <xsl:template name="te:section-type"/>

  <!-- Where a medium lists the notes of a part (the EPUB: after it; print: nowhere). -->
  <xsl:template name="te:notes-of">
    <xsl:param name="part" as="element()?"/>
  </xsl:template>

  <xsl:template match="tei:div" mode="book">
    <section class="division" id="{te:book-id(.)}">
      <xsl:apply-templates select="*" mode="book"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:div/tei:head" mode="book">
    <h3><xsl:apply-templates mode="book"/></h3>
  </xsl:template>

  <xsl:template match="tei:body/tei:div/tei:head" mode="book">
    <p class="subhead"><xsl:apply-templates mode="book"/></p>
  </xsl:template>

  <xsl:template match="tei:dateline | tei:stage | tei:closer | tei:opener | tei:salute
                       | tei:signed | tei:trailer | tei:byline | tei:ab" mode="book">
    <p class="{local-name()}"><xsl:apply-templates mode="book"/></p>
  </xsl:template>

  <!-- The first speaker of a division is named in its heading; later ones here. -->
  <xsl:template match="tei:sp" mode="book">
    <div class="sp">
      <xsl:if test="not(. is (te:division(.)//tei:sp)[1])">
        <p class="speaker">{te:speaker(.)}</p>
      </xsl:if>
      <xsl:apply-templates select="* except tei:speaker" mode="book"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:p" mode="book">
    <p>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates mode="book"/>
    </p>
  </xsl:template>

  <!-- A quotation of paragraphs (a letter read aloud) is a block quotation. -->
  <xsl:template match="tei:quote[tei:p or @type = 'block']" mode="book">
    <blockquote class="quote" id="{te:book-id(.)}">
      <xsl:choose>
        <xsl:when test="tei:p"><xsl:apply-templates select="*" mode="book"/></xsl:when>
        <xsl:otherwise><p><xsl:apply-templates mode="book"/></p></xsl:otherwise>
      </xsl:choose>
    </blockquote>
  </xsl:template>

  <!-- A quotation in the text: the source's guillemets, those left in the text and those
       the TEI declares in @rendition (tagsDecl/rendition, rule E1), printed as the HTML
       prints them (te:mark), with French spacing. -->
  <xsl:template match="tei:quote" mode="book">
    <q class="quote">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:value-of select="te:typo(te:mark(., 'before'))"/>
      <xsl:apply-templates mode="book"/>
      <xsl:value-of select="te:typo(te:mark(., 'after'))"/>
    </q>
  </xsl:template>

  <xsl:template match="tei:soCalled" mode="book">
    <span class="socalled">
      <xsl:value-of select="te:typo(te:mark(., 'before'))"/>
      <xsl:apply-templates mode="book"/>
      <xsl:value-of select="te:typo(te:mark(., 'after'))"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:title" mode="book">
    <cite class="title"><xsl:apply-templates mode="book"/></cite>
  </xsl:template>

  <xsl:template match="tei:persName | tei:name | tei:rs" mode="book">
    <span class="person"><xsl:apply-templates mode="book"/></span>
  </xsl:template>

  <xsl:template match="tei:date | tei:docDate" mode="book">
    <span class="date"><xsl:apply-templates mode="book"/></span>
  </xsl:template>

  <xsl:template match="tei:hi" mode="book">
    <xsl:variable name="rend" select="tokenize(@rend)"/>
    <xsl:choose>
      <xsl:when test="$rend = ('sup', 'superscript')"><sup><xsl:apply-templates mode="book"/></sup></xsl:when>
      <xsl:when test="$rend = ('sub', 'subscript')"><sub><xsl:apply-templates mode="book"/></sub></xsl:when>
      <xsl:when test="$rend = ('italic', 'i')"><i><xsl:apply-templates mode="book"/></i></xsl:when>
      <xsl:when test="$rend = ('bold', 'b')"><b><xsl:apply-templates mode="book"/></b></xsl:when>
      <xsl:otherwise><span class="hi"><xsl:apply-templates mode="book"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:emph | tei:foreign | tei:term" mode="book">
    <em class="{local-name()}">
      <xsl:if test="te:is-lang(@xml:lang)">
        <xsl:attribute name="lang" select="@xml:lang"/>
        <xsl:attribute name="xml:lang" select="@xml:lang"/>
      </xsl:if>
      <xsl:apply-templates mode="book"/>
    </em>
  </xsl:template>

  <!-- A correction reads as corrected and links to its entry in the apparatus. -->
  <xsl:template match="tei:choice" mode="book">
    <xsl:variable name="reading" select="(tei:corr, tei:reg, tei:expan, *)[1]"/>
    <xsl:choose>
      <xsl:when test="(tei:sic, tei:orig, tei:abbr) and not(.//tei:note)">
        <a class="corr" id="{te:book-id(.)}" href="{te:book-place('ed:app-' || te:book-id(.))}">
          <xsl:apply-templates select="$reading/node()" mode="book"/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="corr" id="{te:book-id(.)}"><xsl:apply-templates select="$reading/node()" mode="book"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:lb" mode="book">
    <xsl:if test="not(@break = 'no')"><br/></xsl:if>
  </xsl:template>

  <xsl:template match="tei:fw | tei:speaker" mode="book"/>

  <!-- A note taken out of a title (note/@target -> anchor, rule E4) is called at its
       anchor, as the HTML does, not where it stands after the title. -->
  <xsl:template match="tei:anchor" mode="book">
    <xsl:apply-templates select="key('te:note-at', '#' || @xml:id)" mode="book">
      <xsl:with-param name="at-anchor" select="true()"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- Lost words are named between brackets, set apart from the words around them. -->
  <xsl:template match="tei:gap" mode="book">
    <xsl:text> </xsl:text>
    <span class="gap">{te:book-text(.)}</span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="tei:bibl" mode="book">
    <span class="bibl">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates mode="book"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:list" mode="book">
    <ul class="list"><xsl:apply-templates select="tei:item" mode="book"/></ul>
  </xsl:template>

  <xsl:template match="tei:item" mode="book">
    <li><xsl:apply-templates mode="book"/></li>
  </xsl:template>

  <xsl:template match="tei:lg" mode="book">
    <div class="lg"><xsl:apply-templates select="*" mode="book"/></div>
  </xsl:template>

  <xsl:template match="tei:l" mode="book">
    <p class="l"><xsl:apply-templates mode="book"/></p>
  </xsl:template>

  <!-- Text, with French spacing (the HTML's rule, tei-common.xsl). -->
  <xsl:template match="text()" mode="book">
    <xsl:value-of select="te:typo(.)"/>
  </xsl:template>

  <!-- Any other element: a block where blocks stand, else an inline span. -->
  <xsl:template match="*" mode="book" priority="-1">
    <xsl:choose>
      <xsl:when test="parent::tei:div or parent::tei:sp or parent::tei:body or parent::tei:front or parent::tei:back">
        <div class="tei-{local-name()}">
          <xsl:choose>
            <xsl:when test="tei:p"><xsl:apply-templates select="*" mode="book"/></xsl:when>
            <xsl:otherwise><p><xsl:apply-templates mode="book"/></p></xsl:otherwise>
          </xsl:choose>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <span class="tei-{local-name()}"><xsl:apply-templates mode="book"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The body of a note (its paragraphs, or its text as one). -->
  <xsl:template name="te:note-body">
    <xsl:choose>
      <xsl:when test="tei:p">
        <xsl:for-each select="tei:p">
          <span class="note-p"><xsl:apply-templates mode="book"/></span>
          <xsl:if test="position() ne last()"><xsl:text> </xsl:text></xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="book"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== title page =================================================================== -->

  <xsl:template name="te:title-page">
    <xsl:variable name="page" select="/tei:TEI/tei:text/tei:front/tei:titlePage"/>
    <section class="title-page" id="ed:title" aria-label="Page de titre">
      <xsl:apply-templates select="/tei:TEI/tei:text/tei:front/tei:pb[empty($page) or . &lt;&lt; $page]" mode="book"/>
      <xsl:for-each select="$file/tei:titleStmt/tei:author">
        <p class="doc-author">{te:book-text(.)}</p>
      </xsl:for-each>
      <h1 class="doc-title">
        <xsl:choose>
          <xsl:when test="$page/tei:docTitle/tei:titlePart">
            <xsl:for-each select="$page/tei:docTitle/tei:titlePart">
              <span class="title-part"><xsl:apply-templates mode="book"/></span>
              <xsl:if test="position() ne last()"><xsl:text> </xsl:text></xsl:if>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>{$doc-title}</xsl:otherwise>
        </xsl:choose>
      </h1>
      <xsl:for-each select="$page/(tei:docAuthor | tei:byline | tei:docImprint | tei:docDate)">
        <p class="doc-byline"><xsl:apply-templates mode="book"/></p>
      </xsl:for-each>
      <p class="edition-title">
        <xsl:value-of select="$file/tei:titleStmt/tei:title ! te:book-text(.)" separator=" — "/>
      </p>
      <xsl:apply-templates select="/tei:TEI/tei:text/tei:front/(* except (tei:titlePage, tei:pb[empty($page) or . &lt;&lt; $page]))"
                           mode="book"/>
      <div class="citation">
        <p class="citation-label">Pour citer cette édition</p>
        <p class="citation-text">{te:suggested-citation()}</p>
      </div>
      <xsl:for-each select="$file/tei:publicationStmt/tei:availability/tei:licence">
        <p class="licence">{te:book-text(.)}</p>
      </xsl:for-each>
      <xsl:call-template name="te:notes-of">
        <xsl:with-param name="part" select="/tei:TEI/tei:text/tei:front"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- ===== person index, works, apparatus ============================================= -->

  <xsl:template name="te:person-index">
    <section class="index" id="ed:persons" aria-labelledby="ed:persons-h">
      <xsl:call-template name="te:back-type"><xsl:with-param name="type" select="'index'"/></xsl:call-template>
      <h2 id="ed:persons-h">Index des personnes</h2>
      <ul class="index">
        <xsl:for-each select="$persons">
          <xsl:variable name="born" select="tei:birth/(@when, @notBefore, @notAfter, .)[normalize-space()][1]"/>
          <xsl:variable name="died" select="tei:death/(@when, @notBefore, @notAfter, .)[normalize-space()][1]"/>
          <li id="{@xml:id}">
            <span class="index-name">{te:book-text((tei:persName)[1])}</span>
            <xsl:if test="$born or $died"> ({normalize-space($born)}–{normalize-space($died)})</xsl:if>
            <xsl:call-template name="te:book-mentions"/>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <xsl:template name="te:works-index">
    <section class="index" id="ed:works" aria-labelledby="ed:works-h">
      <h2 id="ed:works-h">Œuvres citées</h2>
      <ul class="index">
        <xsl:for-each select="$works">
          <li id="{@xml:id}">
            <xsl:value-of select="(* except tei:note) ! te:book-text(.)" separator=", "/>
            <xsl:call-template name="te:book-mentions"/>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- The EPUB gives back matter its epub:type; print needs nothing. -->
  <xsl:template name="te:back-type">
    <xsl:param name="type" as="xs:string"/>
  </xsl:template>

  <!-- The places that name the context item, once per paragraph or note, in text order. -->
  <xsl:template name="te:book-mentions">
    <xsl:variable name="anchors" as="element()*">
      <xsl:for-each select="key('te:book-refs', '#' || @xml:id)">
        <xsl:sequence select="te:mention-anchor(.)"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="$anchors">
      <xsl:text>&#x202F;: </xsl:text>
      <xsl:for-each-group select="$anchors" group-by="te:book-id(.)">
        <xsl:if test="position() gt 1">, </xsl:if>
        <xsl:call-template name="te:mention-link"/>
      </xsl:for-each-group>
    </xsl:if>
  </xsl:template>

  <!-- One mention: the EPUB shows the source's page, print the PDF's page (override). -->
  <xsl:template name="te:mention-link">
    <a href="{te:book-href(.)}">{(te:book-where(.)[.], if (self::tei:div) then te:book-division-title(.) else (), '§')[1]}</a>
  </xsl:template>

  <xsl:template name="te:apparatus">
    <section class="apparatus" id="ed:apparatus" aria-labelledby="ed:apparatus-h">
      <h2 id="ed:apparatus-h">Apparat critique</h2>
      <p class="apparatus-key">Leçon de l’édition ] leçon de la source — raison de la correction.</p>
      <ol class="apparatus">
        <xsl:for-each select="$choices">
          <xsl:variable name="id" select="te:book-id(.)"/>
          <xsl:variable name="reason" select="key('te:decl-for', string(@xml:id))[1]"/>
          <li id="ed:app-{$id}">
            <a href="{te:book-href(.)}">{(te:book-where(.)[.], 'texte')[1]}</a>
            <xsl:text>&#x202F;: </xsl:text>
            <span class="lemma">{te:reading((tei:corr, tei:reg, tei:expan)[1])}</span>
            <xsl:text> ] </xsl:text>
            <span class="rdg">{te:reading((tei:sic, tei:orig, tei:abbr)[1])}</span>
            <xsl:if test="$reason">
              <xsl:text> — </xsl:text>
              <span class="reason">{te:book-text($reason/node() except $reason/tei:label)}</span>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ol>
    </section>
  </xsl:template>

  <!-- ===== colophon ===================================================================== -->

  <xsl:template name="te:colophon">
    <xsl:variable name="pub" select="$file/tei:publicationStmt"/>
    <xsl:variable name="app" select="$header/tei:encodingDesc/tei:appInfo/tei:application[1]"/>
    <section class="colophon" id="ed:colophon" aria-labelledby="ed:colophon-h">
      <h2 id="ed:colophon-h">Colophon</h2>
      <dl>
        <xsl:variable name="source" select="te:colophon-source($file)"/>
        <xsl:if test="$source">
          <dt>Source</dt>
          <xsl:for-each select="$source">
            <dd>
              <xsl:choose>
                <xsl:when test="* and not(text()[normalize-space()])">
                  <xsl:value-of select="(* except tei:note) ! te:book-text(.)" separator=", "/>
                  <xsl:text>.</xsl:text>
                  <xsl:for-each select="tei:note">
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="te:book-text(node())"/>
                  </xsl:for-each>
                </xsl:when>
                <xsl:otherwise>{te:book-text(node())}</xsl:otherwise>
              </xsl:choose>
            </dd>
          </xsl:for-each>
        </xsl:if>
        <dt>Édition</dt>
        <dd>
          <xsl:value-of select="($file/tei:titleStmt/tei:title, $file/tei:editionStmt/tei:edition) ! te:book-text(.)"
                        separator=" — "/>
        </dd>
        <xsl:for-each select="$file/tei:titleStmt/tei:respStmt">
          <dd>{te:book-text(tei:resp)}&#x202F;: {string-join(tei:name ! te:book-text(.), ', ')}</dd>
        </xsl:for-each>
        <dd>
          <xsl:value-of select="($pub/tei:publisher, $pub/tei:pubPlace) ! te:book-text(.)" separator=", "/>
          <xsl:for-each select="$pub/tei:date">, {te:date-label(.)}</xsl:for-each>
          <xsl:for-each select="$pub/tei:idno">. Identifiant&#x202F;: {te:reading(.)}</xsl:for-each>
        </dd>
        <dt>Pour citer cette édition</dt>
        <dd>{te:suggested-citation()}</dd>
        <dt>Pages de la source</dt>
        <dd>Les numéros de page de l’édition imprimée sont donnés en marge («&#x202F;p.&#x202F;7&#x202F;»)&#x202F;;
          ceux que la source n’imprime pas et que l’édition déduit sont entre crochets («&#x202F;[p.&#x202F;5]&#x202F;»).</dd>
        <xsl:if test="$header/tei:encodingDesc/(tei:projectDesc | tei:editorialDecl)">
          <dt>Encodage</dt>
          <xsl:for-each select="$header/tei:encodingDesc/tei:projectDesc/tei:p">
            <dd>{te:book-text(.)}</dd>
          </xsl:for-each>
          <xsl:for-each select="$header/tei:encodingDesc/tei:editorialDecl/*">
            <dd>{te:book-text(((tei:p except tei:p[tei:list]), .[not(tei:p)]))}</dd>
          </xsl:for-each>
        </xsl:if>
        <xsl:if test="$pub/tei:availability">
          <dt>Licence</dt>
          <xsl:for-each select="$pub/tei:availability/(tei:licence | tei:p)">
            <dd>
              <xsl:value-of select="te:book-text(.)"/>
              <xsl:if test="self::tei:licence and te:is-web-url(@target)"> ({string(@target)})</xsl:if>
            </dd>
          </xsl:for-each>
        </xsl:if>
        <dt>Conversion</dt>
        <dd>
          <xsl:for-each select="$app">
            <xsl:value-of select="(te:reading(tei:label)[.], string(@ident))[1]"/>
            <xsl:if test="@version"> {@version}</xsl:if>
            <xsl:text> (TEI)&#x202F;; </xsl:text>
          </xsl:for-each>
          <xsl:text>publication&#x202F;: {$generator}</xsl:text>
        </dd>
        <xsl:if test="$header/tei:revisionDesc/tei:change">
          <dt>Révisions</dt>
          <xsl:for-each select="$header/tei:revisionDesc/tei:change">
            <dd>
              <xsl:if test="@when">{@when}&#x202F;: </xsl:if>
              <xsl:value-of select="te:book-text(.)"/>
            </dd>
          </xsl:for-each>
        </xsl:if>
      </dl>
    </section>
  </xsl:template>

</xsl:stylesheet>
