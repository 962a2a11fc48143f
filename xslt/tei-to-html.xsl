<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI edition -> a self-contained HTML5 reading edition (inline CSS, no script, nothing fetched).

  Safety: TEI content only ever becomes escaped text or escaped attribute values; no TEI
  element or attribute is copied, and the only href taken from the TEI is a licence target
  that is an absolute http(s) URL. Every other link is "#" + an id of this page.

  Ids: a TEI xml:id is used as the HTML id of the element it names (p-1, note-2, page-5…);
  ids the page makes up contain a colon ("ed:main"), which no xml:id can, so they never clash.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:x-tei-edition:xslt"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="tei-common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>

  <!-- Version of the publishing program, named in the colophon and the generator meta. -->
  <xsl:param name="generator" as="xs:string" select="'tei-edition'"/>

  <!-- Mentions of a person (@ref, @who) or a work (title/@ref), by pointer. -->
  <xsl:key name="te:refs" match="tei:text//*[@ref]" use="tokenize(normalize-space(@ref))"/>
  <xsl:key name="te:refs" match="tei:text//tei:sp[@who]" use="tokenize(normalize-space(@who))"/>

  <xsl:variable name="header" select="/tei:TEI/tei:teiHeader"/>
  <xsl:variable name="file" select="$header/tei:fileDesc"/>
  <xsl:variable name="doc-title" as="xs:string"
      select="te:reading(($file/tei:titleStmt/tei:title[@type = 'main'], $file/tei:titleStmt/tei:title)[1])"/>
  <xsl:variable name="persons" select="$header/tei:profileDesc/tei:particDesc//tei:person[@xml:id]"/>
  <xsl:variable name="works" select="(/tei:TEI/tei:standOff/tei:listBibl
                                       | /tei:TEI/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:listBibl)/tei:bibl[@xml:id]"/>
  <xsl:variable name="choices" select="/tei:TEI/tei:text//tei:choice[tei:sic | tei:orig | tei:abbr]"/>

  <!-- ===== page ========================================================================= -->

  <xsl:template match="/">
    <xsl:variable name="lang" select="string(/tei:TEI/@xml:lang)"/>
    <html lang="{if (te:is-lang($lang)) then $lang else 'fr'}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{$doc-title}</title>
        <meta name="generator" content="{$generator}"/>
        <meta name="color-scheme" content="light dark"/>
        <xsl:call-template name="te:html-metadata"/>
        <style>{$css}</style>
      </head>
      <xsl:text>&#10;</xsl:text>
      <!-- French spacing is applied to the page's text once it is made (every text node,
           whichever template wrote it; never the script, the style or an attribute) -->
      <xsl:variable name="body" as="element()">
      <body>
        <a class="skip" href="#ed:main">Aller au texte</a>
        <xsl:text>&#10;</xsl:text>
        <xsl:apply-templates select="/tei:TEI" mode="html-title"/>
        <xsl:apply-templates select="/tei:TEI" mode="html-toc"/>
        <main id="ed:main">
          <xsl:text>&#10;</xsl:text>
          <xsl:apply-templates select="/tei:TEI/tei:text/tei:body/*" mode="html"/>
          <xsl:apply-templates select="/tei:TEI/tei:text/tei:back/*" mode="html"/>
          <xsl:apply-templates select="/tei:TEI" mode="html-index"/>
          <xsl:apply-templates select="/tei:TEI" mode="html-apparatus"/>
        </main>
        <xsl:text>&#10;</xsl:text>
        <xsl:apply-templates select="$header" mode="html-colophon"/>
        <xsl:text>&#10;</xsl:text>
        <script>{$escape-script}</script>
        <xsl:text>&#10;</xsl:text>
      </body>
      </xsl:variable>
      <xsl:apply-templates select="$body" mode="te:typography"/>
      <xsl:text>&#10;</xsl:text>
    </html>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:mode name="te:typography" on-no-match="shallow-copy"/>
  <xsl:template match="text()" mode="te:typography">{te:typo(.)}</xsl:template>
  <xsl:template match="*:script | *:style" mode="te:typography">
    <xsl:copy-of select="."/>
  </xsl:template>

  <!-- ===== ids and links ================================================================ -->

  <!-- The HTML id of a TEI element: its xml:id, else one made from its rank. -->
  <xsl:function name="te:id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/@xml:id) then string($el/@xml:id)
        else 'ed:' || local-name($el) || '-'
             || (count($el/preceding::*[node-name(.) eq node-name($el)])
                 + count($el/ancestor::*[node-name(.) eq node-name($el)]) + 1)"/>
  </xsl:function>

  <!-- Where on this page a TEI element is shown: a note for anything inside one; else the
       element itself if the page gives it an id; else nothing (no link is made). -->
  <xsl:function name="te:anchor" as="element()?">
    <xsl:param name="el" as="element()?"/>
    <xsl:sequence select="($el/ancestor-or-self::tei:note[ancestor::tei:text][1],
        $el[self::tei:person[@xml:id] or self::tei:bibl[@xml:id][parent::tei:listBibl/parent::tei:*[self::tei:standOff or self::tei:sourceDesc]]
            or (ancestor::tei:text and (self::tei:p[@xml:id] or self::tei:quote[@xml:id]
                or self::tei:div or self::tei:pb or self::tei:choice))])[1]"/>
  </xsl:function>

  <!-- An element may become a link unless it sits in one or holds a note mark (links
       cannot nest, and a note mark must stay a link of its own). -->
  <xsl:function name="te:can-link" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="in-link" as="xs:boolean"/>
    <xsl:sequence select="not($in-link) and not($el//tei:note)"/>
  </xsl:function>

  <!-- The label of a division, for the table of contents and its heading. -->
  <xsl:function name="te:division-title" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:variable name="head" select="te:reading($div/tei:head[1])"/>
    <xsl:variable name="made" select="string-join((te:speaker(($div//tei:sp)[1]),
                                                   te:date-label(te:division-date($div)))[.], ', ')"/>
    <xsl:sequence select="(te:activity($div), $head[.], $made[.], 'Section ' || (count($div/preceding-sibling::tei:div) + 1))[1]"/>
  </xsl:function>

  <!-- What a division is, as its setting names it: the activity up to its first " — "
       ("Rapport — XXIIIe conférence …" -> "Rapport"); the rest is the occasion, which the
       title page names. Written by the editor, so it heads the division before a head
       printed in capitals. -->
  <xsl:function name="te:activity" as="xs:string?">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:variable name="activity" select="te:reading(te:setting($div)/tei:activity)"/>
    <xsl:sequence select="(if (contains($activity, ' — ')) then substring-before($activity, ' — ') else $activity)[.]"/>
  </xsl:function>

  <!-- Page (and note) where something appears, as an index entry shows it. -->
  <xsl:function name="te:where" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="note" select="$el/ancestor-or-self::tei:note[1]"/>
    <xsl:sequence select="string-join((te:page($el) ! ('p. ' || .),
                                       $note ! ('n. ' || te:note-label(.))), ', ')"/>
  </xsl:function>

  <!-- Text with the French ordinals of roman numerals (XXIIIe, Ier) set as the printed
       page sets them: the letters in superscript. For header strings, which are plain. -->
  <xsl:template name="te:ordinals">
    <xsl:param name="text" as="xs:string"/>
    <xsl:analyze-string select="te:typo($text)" regex="(^|[^\p{{L}}])([IVX][IVXLC]*)(er|re|e)([^\p{{L}}]|$)">
      <xsl:matching-substring>{regex-group(1)}{regex-group(2)}<sup>{regex-group(3)}</sup>{regex-group(4)}</xsl:matching-substring>
      <xsl:non-matching-substring>{.}</xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:template>

  <!-- ===== title page =================================================================== -->

  <xsl:mode name="html-title" on-no-match="shallow-skip"/>

  <xsl:template match="tei:TEI" mode="html-title">
    <xsl:variable name="front" select="tei:text/tei:front"/>
    <xsl:variable name="page" select="$front/tei:titlePage"/>
    <header class="title-page">
      <xsl:apply-templates select="$front/tei:pb[empty($page) or . &lt;&lt; $page]" mode="html"/>
      <xsl:for-each select="$file/tei:titleStmt/tei:author">
        <p class="doc-author">{te:reading(.)}</p>
      </xsl:for-each>
      <h1>
        <xsl:choose>
          <xsl:when test="$page/tei:docTitle/tei:titlePart">
            <xsl:for-each select="$page/tei:docTitle/tei:titlePart">
              <span class="title-part">
                <xsl:apply-templates mode="html"/>
              </span>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>{$doc-title}</xsl:otherwise>
        </xsl:choose>
      </h1>
      <xsl:for-each select="$page/(tei:docAuthor | tei:byline | tei:docImprint)">
        <p class="doc-byline"><xsl:apply-templates mode="html"/></p>
      </xsl:for-each>
      <xsl:for-each select="$page/tei:docDate">
        <p class="doc-date"><xsl:apply-templates select="." mode="html"/></p>
      </xsl:for-each>
      <p class="edition-title">
        <xsl:for-each select="$file/tei:titleStmt/tei:title">
          <xsl:if test="position() gt 1"> — </xsl:if>
          <xsl:call-template name="te:ordinals"><xsl:with-param name="text" select="te:reading(.)"/></xsl:call-template>
        </xsl:for-each>
      </p>
      <xsl:apply-templates select="$front/(* except (tei:titlePage, tei:pb[empty($page) or . &lt;&lt; $page]))"
                           mode="html"/>
      <section class="how-to-cite" aria-labelledby="ed:cite-h">
        <h2 id="ed:cite-h">Comment citer cette édition</h2>
        <p class="citation" id="ed:citation">{te:typo(te:citation(/, (), ()))}</p>
        <xsl:if test="$page-url">
          <p class="edition-url">Adresse&#x202F;: <span class="url">{$page-url}</span></p>
        </xsl:if>
        <p class="cite-help">Pour citer un passage, ajoutez son numéro de paragraphe (§)&#x202F;: le lien
          d’un numéro mène au paragraphe et en donne la référence complète.</p>
        <xsl:call-template name="te:coins"/>
      </section>
      <xsl:apply-templates select="$front" mode="html-notes"/>
    </header>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ===== table of contents ============================================================ -->

  <xsl:mode name="html-toc" on-no-match="shallow-skip"/>

  <xsl:template match="tei:TEI" mode="html-toc">
    <nav class="toc" aria-labelledby="ed:toc">
      <h2 id="ed:toc">Sommaire</h2>
      <ol>
        <xsl:for-each select="tei:text/tei:body/tei:div">
          <li>
            <a href="#{te:id(.)}">{te:division-title(.)}</a>
            <xsl:variable name="date" select="te:division-date(.)"/>
            <xsl:if test="$date and not(contains(te:division-title(.), te:date-label($date)))">
              <xsl:text> — </xsl:text>
              <span class="toc-date">{te:date-label($date)}</span>
            </xsl:if>
          </li>
        </xsl:for-each>
        <xsl:if test="$persons"><li><a href="#ed:persons">Index des personnes</a></li></xsl:if>
        <xsl:if test="$works"><li><a href="#ed:works">Œuvres citées</a></li></xsl:if>
        <xsl:if test="$choices"><li><a href="#ed:apparatus">Apparat critique</a></li></xsl:if>
        <li><a href="#ed:colophon">Colophon</a></li>
      </ol>
    </nav>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ===== the text ===================================================================== -->

  <xsl:mode name="html" on-no-match="shallow-skip"/>

  <!-- A speech: headed by what it is (its setting's activity, else its head, else speaker
       and date); a head printed in the source follows as printed; then speaker, place and
       date, the date left out when the printed dateline gives it. -->
  <xsl:template match="tei:body/tei:div" mode="html">
    <xsl:variable name="id" select="te:id(.)"/>
    <xsl:variable name="sp" select="(.//tei:sp)[1]"/>
    <xsl:variable name="date" select="te:division-date(.)[empty(current()/tei:dateline//tei:date)]"/>
    <xsl:variable name="place" select="te:setting(.)/tei:placeName"/>
    <xsl:variable name="activity" select="te:activity(.)"/>
    <!-- a heading made of speaker and date (no head, no activity) is not repeated below -->
    <xsl:variable name="made" select="empty($activity) and empty(tei:head)"/>
    <xsl:variable name="meta-sp" select="$sp[not($made)]"/>
    <xsl:variable name="meta-date" select="$date[not($made)]"/>
    <article class="speech" id="{$id}" aria-labelledby="ed:h-{$id}">
      <header class="speech-head">
        <h2 id="ed:h-{$id}">
          <xsl:choose>
            <xsl:when test="tei:head and empty($activity)"><xsl:apply-templates select="tei:head[1]/node()" mode="html"/></xsl:when>
            <xsl:otherwise>{te:typo(te:division-title(.))}</xsl:otherwise>
          </xsl:choose>
        </h2>
        <!-- (a heading the editor supplied from the data file is not a printed title) -->
        <xsl:if test="exists($activity) and tei:head[1][not(@type = 'supplied')]">
          <p class="subhead printed"><span class="printed-label">Titre imprimé&#x202F;: </span><xsl:apply-templates select="tei:head[1]/node()" mode="html"/></p>
        </xsl:if>
        <xsl:apply-templates select="tei:dateline" mode="html"/>
        <xsl:if test="$meta-sp or $meta-date or $place">
          <p class="speech-meta">
            <xsl:apply-templates select="$meta-sp" mode="html-speaker"/>
            <xsl:if test="$meta-sp and ($place or $meta-date)">, </xsl:if>
            <xsl:if test="$place"><span class="place">{te:reading($place)}</span></xsl:if>
            <xsl:if test="$place and $meta-date">, </xsl:if>
            <xsl:apply-templates select="$meta-date" mode="html-date"/>
          </p>
        </xsl:if>
      </header>
      <xsl:apply-templates select="* except (tei:head[1], tei:dateline)" mode="html"/>
      <xsl:apply-templates select="." mode="html-notes"/>
    </article>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:div" mode="html">
    <section class="division" id="{te:id(.)}">
      <xsl:apply-templates select="*" mode="html"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:div/tei:head" mode="html">
    <h3><xsl:apply-templates mode="html"/></h3>
  </xsl:template>

  <xsl:template match="tei:body/tei:div/tei:head" mode="html">
    <p class="subhead"><xsl:apply-templates mode="html"/></p>
  </xsl:template>

  <xsl:template match="tei:dateline | tei:stage | tei:closer | tei:opener | tei:salute
                       | tei:signed | tei:trailer | tei:byline | tei:ab" mode="html">
    <p class="{local-name()}"><xsl:apply-templates mode="html"/></p>
  </xsl:template>

  <!-- The first speaker of a division is named in its heading; later ones here. -->
  <xsl:template match="tei:sp" mode="html">
    <div class="sp">
      <xsl:if test="not(. is (te:division(.)//tei:sp)[1])">
        <p class="speaker"><xsl:apply-templates select="." mode="html-speaker"/></p>
      </xsl:if>
      <xsl:apply-templates select="* except tei:speaker" mode="html"/>
    </div>
  </xsl:template>

  <xsl:mode name="html-speaker" on-no-match="shallow-skip"/>

  <xsl:template match="tei:sp" mode="html-speaker">
    <xsl:variable name="person" select="te:target(., @who)[self::tei:person]"/>
    <xsl:variable name="name" select="te:speaker(.)"/>
    <xsl:choose>
      <xsl:when test="$person and not(tei:speaker//tei:note)">
        <a class="person speaker" href="#{te:id($person)}">{$name}</a>
      </xsl:when>
      <xsl:otherwise>
        <span class="speaker"><xsl:apply-templates select="tei:speaker/node()" mode="html"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A paragraph of the text keeps its xml:id and shows its number (§), a link to itself;
       when it is the page's target it shows how to cite it, ready to copy. -->
  <xsl:template match="tei:p" mode="html">
    <xsl:variable name="cited" select="@xml:id and ancestor::tei:body and not(ancestor::tei:note)"/>
    <p>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:if test="$cited">
        <xsl:variable name="n" select="te:paragraph-number(.)"/>
        <a class="permalink" href="#{@xml:id}" aria-label="Paragraphe {$n}, lien permanent ({@xml:id})">{$n}</a>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:apply-templates mode="html"/>
      <xsl:if test="$cited">
        <span class="cite-p"><span class="cite-label">Citer ce paragraphe&#x202F;: </span><span class="cite-text">{te:citation-of($citation-head, $page-url, '§ ' || te:paragraph-number(.), '#' || @xml:id)}</span></span>
      </xsl:if>
    </p>
    <xsl:if test="ancestor::tei:body and not(ancestor::tei:note)"><xsl:text>&#10;</xsl:text></xsl:if>
  </xsl:template>

  <!-- The number a reader cites a paragraph by: its rank among the text's paragraphs. -->
  <xsl:variable name="paragraph-numbers" as="map(xs:string, xs:integer)" select="
      let $ps := /tei:TEI/tei:text/tei:body//tei:p[@xml:id][not(ancestor::tei:note)]
      return map:merge(for $i in 1 to count($ps) return map{string($ps[$i]/@xml:id): $i},
                       map{'duplicates': 'use-first'})"/>

  <xsl:function name="te:paragraph-number" as="xs:string">
    <xsl:param name="p" as="element(tei:p)"/>
    <xsl:sequence select="string($paragraph-numbers(string($p/@xml:id)))"/>
  </xsl:function>

  <xsl:variable name="citation-head" as="xs:string" select="te:citation-head(/)"/>

  <!-- A quotation of paragraphs (a letter read aloud) is a block quotation. -->
  <xsl:template match="tei:quote[tei:p or @type = 'block']" mode="html">
    <xsl:variable name="source" select="te:anchor(te:target(., @source))"/>
    <blockquote class="quote letter" id="{te:id(.)}">
      <xsl:if test="$source"><xsl:attribute name="cite" select="'#' || te:id($source)"/></xsl:if>
      <xsl:choose>
        <xsl:when test="tei:p"><xsl:apply-templates select="*" mode="html"/></xsl:when>
        <xsl:otherwise><p><xsl:apply-templates mode="html"/></p></xsl:otherwise>
      </xsl:choose>
      <p class="quote-source">
        <a class="qid" href="#{te:id(.)}" aria-label="Citation {te:id(.)}, lien permanent">{te:id(.)}</a>
        <xsl:if test="$source">
          <xsl:text> </xsl:text>
          <a href="#{te:id($source)}">Source&#x202F;: {te:where-label($source)}</a>
        </xsl:if>
      </p>
    </blockquote>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- A quotation in the text; its source is linked unless its note mark follows at once. -->
  <xsl:template match="tei:quote" mode="html">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="source" select="te:anchor(te:target(., @source))"/>
    <q class="quote">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:if test="$source"><xsl:attribute name="cite" select="'#' || te:id($source)"/></xsl:if>
      <xsl:value-of select="te:mark(., 'before')"/>
      <xsl:apply-templates mode="html"/>
      <xsl:value-of select="te:mark(., 'after')"/>
    </q>
    <xsl:if test="@xml:id and not($in-link)">
      <a class="qid" href="#{@xml:id}" aria-label="Citation {@xml:id}, lien permanent">{@xml:id}</a>
    </xsl:if>
    <xsl:if test="$source and not($in-link)
                  and not(following-sibling::node()[1][self::tei:note] is $source)
                  and not(te:source-just-shown(.))">
      <a class="quote-source" href="#{te:id($source)}"
         aria-label="Source de la citation&#x202F;: {te:where-label($source)}">[source : {te:where-label($source)}]</a>
    </xsl:if>
  </xsl:template>

  <!-- Whether the quotation before this one in its paragraph has the same source: then its
       link said it already (three lines of one letter get one "[source : …]"). -->
  <xsl:function name="te:source-just-shown" as="xs:boolean">
    <xsl:param name="quote" as="element(tei:quote)"/>
    <xsl:variable name="before" select="($quote/ancestor::tei:p[1]//tei:quote[@source][. &lt;&lt; $quote])[last()]"/>
    <xsl:sequence select="exists($before) and normalize-space($before/@source) = normalize-space($quote/@source)"/>
  </xsl:function>

  <!-- "note 3" for a note, the page otherwise: the label of a source link. -->
  <xsl:function name="te:where-label" as="xs:string">
    <xsl:param name="anchor" as="element()"/>
    <xsl:sequence select="if ($anchor/self::tei:note) then 'note ' || te:note-label($anchor)
                          else if ($anchor/self::tei:bibl) then te:reading($anchor/tei:title[1])
                          else if ($anchor/self::tei:person) then te:person-name($anchor)
                          else te:reading($anchor)"/>
  </xsl:function>

  <xsl:template match="tei:soCalled" mode="html">
    <span class="socalled">{te:mark(., 'before')}<xsl:apply-templates mode="html"/>{te:mark(., 'after')}</span>
  </xsl:template>

  <xsl:template match="tei:title" mode="html">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="work" select="te:anchor(te:target(., @ref))[self::tei:bibl]"/>
    <cite class="title">
      <xsl:choose>
        <xsl:when test="$work and te:can-link(., $in-link)">
          <a href="#{te:id($work)}">
            <xsl:apply-templates mode="html"><xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates>
          </a>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates mode="html"/></xsl:otherwise>
      </xsl:choose>
    </cite>
  </xsl:template>

  <xsl:template match="tei:persName | tei:name | tei:rs" mode="html">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="person" select="te:target(., @ref)[self::tei:person]"/>
    <xsl:choose>
      <xsl:when test="$person and te:can-link(., $in-link)">
        <a class="person" href="#{te:id($person)}">
          <xsl:apply-templates mode="html"><xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="person"><xsl:apply-templates mode="html"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Dates carry their ISO value; a range or a bound keeps its other end in data-*. -->
  <xsl:template match="tei:date | tei:docDate" mode="html">
    <xsl:variable name="start" select="string((@when, @from, @notBefore)[1])"/>
    <xsl:variable name="end" select="string((@to, @notAfter)[1])"/>
    <xsl:choose>
      <xsl:when test="te:is-html-date($start)">
        <time datetime="{$start}">
          <xsl:if test="te:is-html-date($end)"><xsl:attribute name="data-to" select="$end"/></xsl:if>
          <xsl:apply-templates mode="html"/>
        </time>
      </xsl:when>
      <xsl:otherwise>
        <span class="date">
          <xsl:if test="@when-custom"><xsl:attribute name="data-when-custom" select="@when-custom"/></xsl:if>
          <xsl:apply-templates mode="html"/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A date the edition states (a setting's): words, even where the TEI holds only ISO. -->
  <xsl:template match="*" mode="html-date">
    <xsl:variable name="start" select="string((@when, @from, @notBefore)[1])"/>
    <xsl:choose>
      <xsl:when test="te:is-html-date($start)"><time datetime="{$start}">{te:date-label(.)}</time></xsl:when>
      <xsl:otherwise><span class="date">{te:date-label(.)}</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:hi" mode="html">
    <xsl:variable name="rend" select="tokenize(@rend)"/>
    <xsl:choose>
      <xsl:when test="$rend = ('sup', 'superscript')"><sup><xsl:apply-templates mode="html"/></sup></xsl:when>
      <xsl:when test="$rend = ('sub', 'subscript')"><sub><xsl:apply-templates mode="html"/></sub></xsl:when>
      <xsl:when test="$rend = ('italic', 'i')"><i><xsl:apply-templates mode="html"/></i></xsl:when>
      <xsl:when test="$rend = ('bold', 'b')"><b><xsl:apply-templates mode="html"/></b></xsl:when>
      <xsl:otherwise><span class="hi"><xsl:apply-templates mode="html"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:emph | tei:foreign | tei:term" mode="html">
    <em class="{local-name()}">
      <xsl:if test="te:is-lang(@xml:lang)">
        <xsl:attribute name="lang" select="@xml:lang"/>
      </xsl:if>
      <xsl:apply-templates mode="html"/>
    </em>
  </xsl:template>

  <!-- A correction reads as corrected; the source's reading shows on hover and in the
       apparatus, which the corrected word links to. -->
  <xsl:template match="tei:choice" mode="html">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="reading" select="(tei:corr, tei:reg, tei:expan, *)[1]"/>
    <xsl:variable name="original" select="(tei:sic, tei:orig, tei:abbr)[1]"/>
    <xsl:variable name="title" select="if ($original) then 'Leçon de la source&#x202F;: ' || te:reading($original) else ()"/>
    <xsl:choose>
      <xsl:when test="$original and te:can-link(., $in-link)">
        <a class="corr" id="{te:id(.)}" href="#ed:app-{te:id(.)}" title="{$title}"
           aria-describedby="ed:sic-{te:id(.)}">
          <xsl:apply-templates select="$reading/node()" mode="html"><xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates>
        </a>
        <!-- shown while the word has the focus or the pointer: keyboard and touch reach it -->
        <span class="sic-hint" id="ed:sic-{te:id(.)}">[{te:typo($title)}]</span>
      </xsl:when>
      <xsl:otherwise>
        <span class="corr" id="{te:id(.)}">
          <xsl:if test="$title"><xsl:attribute name="title" select="$title"/></xsl:if>
          <xsl:apply-templates select="$reading/node()" mode="html"/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A note mark, and the note itself right after it, shown in place (under the line of
       its mark, pushing the text down, never over it) when it is the page's target: from
       its mark, or from a shared link to #note-n. Its ↩ link (or Escape) closes it. -->
  <xsl:template match="tei:note" mode="html">
    <xsl:param name="at-anchor" as="xs:boolean" select="false()"/>
    <xsl:if test="not(@target) or $at-anchor">
    <xsl:variable name="id" select="te:id(.)"/>
    <xsl:variable name="label" select="te:note-label(.)"/>
    <sup class="noteref"><a id="ed:ref-{$id}" href="#{$id}" role="doc-noteref"
       aria-label="Note {$label}">{$label}</a></sup>
    <!-- the punctuation right after the mark stays on its line, before the open note -->
    <xsl:value-of select="te:punctuation-after(.)"/>
    <span class="note-pop" id="{$id}" role="doc-footnote" aria-label="Note {$label}">
      <a class="backref" role="doc-backlink" href="#ed:ref-{$id}" aria-label="Note {$label}, fermer et revenir au texte">{$label}</a>
      <xsl:text> </xsl:text>
      <xsl:call-template name="te:note-body"><xsl:with-param name="inline" select="true()"/></xsl:call-template>
      <span class="note-id">Lien de la note&#x202F;: <a href="#{$id}">#{$id}</a></span>
    </span>
    </xsl:if>
  </xsl:template>

  <!-- A note taken out of a title is shown at its anchor (note/@target), not where it
       stands after the title. -->
  <xsl:template match="tei:anchor" mode="html">
    <xsl:apply-templates select="key('te:note-at', '#' || @xml:id)" mode="html">
      <xsl:with-param name="at-anchor" select="true()"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- The punctuation that starts the text right after a note mark (". Cette…" -> "."). -->
  <xsl:function name="te:punctuation-after" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:variable name="next" select="string($note/following-sibling::node()[1][self::text()])"/>
    <xsl:sequence select="if (matches($next, '^[.,;:!?»)\]…]')) then replace($next, '^([.,;:!?»)\]…]+).*$', '$1', 's') else ''"/>
  </xsl:function>

  <!-- A text right after a note mark: without the punctuation the mark already wrote. -->
  <xsl:template match="text()[preceding-sibling::node()[1][self::tei:note]]" mode="html">
    <xsl:value-of select="substring(., string-length(te:punctuation-after(preceding-sibling::node()[1])) + 1)"/>
  </xsl:template>

  <!-- A note's words; its paragraphs are spans where the note stands inside a paragraph. -->
  <xsl:template name="te:note-body">
    <xsl:param name="inline" as="xs:boolean"/>
    <xsl:choose>
      <xsl:when test="tei:p and $inline">
        <xsl:for-each select="tei:p">
          <span class="note-p"><xsl:apply-templates mode="html"/></span>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="tei:p"><xsl:apply-templates select="*" mode="html"/></xsl:when>
      <xsl:otherwise><span class="note-text"><xsl:apply-templates mode="html"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A page break, in the margin: linkable, and a link to itself outside other links. -->
  <xsl:template match="tei:pb" mode="html">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="label" select="if (@n) then 'p. ' || @n else 'page'"/>
    <!-- an inferred number says so in words, not only by its style -->
    <xsl:variable name="why" select="if (@type = 'inferred') then ', déduite' else ''"/>
    <span class="pb{if (@type = 'inferred') then ' inferred' else ''}" id="{te:id(.)}">
      <xsl:choose>
        <xsl:when test="$in-link">[{$label}<xsl:if test="$why"><span class="pb-why">{$why}</span></xsl:if>]</xsl:when>
        <xsl:otherwise><a href="#{te:id(.)}">[{$label}<xsl:if test="$why"><span class="pb-why">{$why}</span></xsl:if>]</a></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template match="tei:lb" mode="html">
    <xsl:if test="not(@break = 'no')"><br/></xsl:if>
  </xsl:template>

  <xsl:template match="tei:fw | tei:speaker" mode="html"/>

  <!-- Lost words are named between brackets, set apart from the words around them. -->
  <xsl:template match="tei:gap" mode="html">
    <xsl:text> </xsl:text>
    <span class="gap">{te:reading(.)}</span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="tei:bibl" mode="html">
    <span class="bibl">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates mode="html"/>
    </span>
  </xsl:template>

  <!-- A reference made of parts only (no punctuation of its own, as in standOff): the
       parts joined as a reference reads, "Author, Title, 1923". -->
  <xsl:template match="tei:bibl[* and not(text()[normalize-space()])]" mode="html">
    <span class="bibl">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:call-template name="te:bibl-parts"/>
    </span>
  </xsl:template>

  <xsl:template name="te:bibl-parts">
    <xsl:choose>
      <xsl:when test="* and not(text()[normalize-space()])">
        <xsl:for-each select="*">
          <xsl:if test="position() gt 1">, </xsl:if>
          <xsl:apply-templates select="." mode="html"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="html"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A note inside a standOff reference is a remark on the work, not a footnote. -->
  <xsl:template match="tei:standOff//tei:note | tei:sourceDesc/tei:listBibl//tei:note" mode="html">
    <span class="remark"><xsl:apply-templates mode="html"/></span>
  </xsl:template>

  <xsl:template match="tei:list" mode="html">
    <ul class="list"><xsl:apply-templates select="tei:item" mode="html"/></ul>
  </xsl:template>

  <xsl:template match="tei:item" mode="html">
    <li><xsl:apply-templates mode="html"/></li>
  </xsl:template>

  <xsl:template match="tei:lg" mode="html">
    <div class="lg"><xsl:apply-templates select="*" mode="html"/></div>
  </xsl:template>

  <xsl:template match="tei:l" mode="html">
    <p class="l"><xsl:apply-templates mode="html"/></p>
  </xsl:template>

  <!-- (French spacing is set once the page is made: mode te:typography) -->
  <xsl:template match="text()" mode="html">
    <xsl:value-of select="."/>
  </xsl:template>

  <!-- Any other element: a block where blocks stand, else an inline span; its class is
       its TEI name (an NCName, safe as a class). -->
  <xsl:template match="*" mode="html" priority="-1">
    <xsl:choose>
      <xsl:when test="parent::tei:div or parent::tei:sp or parent::tei:body or parent::tei:front or parent::tei:back">
        <div class="tei-{local-name()}">
          <xsl:choose>
            <xsl:when test="tei:p"><xsl:apply-templates select="*" mode="html"/></xsl:when>
            <xsl:otherwise><p><xsl:apply-templates mode="html"/></p></xsl:otherwise>
          </xsl:choose>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <span class="tei-{local-name()}"><xsl:apply-templates mode="html"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== notes: listed after the speech (or title page) holding their marks ========== -->

  <xsl:mode name="html-notes" on-no-match="shallow-skip"/>

  <xsl:template match="tei:front | tei:div" mode="html-notes">
    <xsl:variable name="notes" select=".//tei:note[not(ancestor::tei:note)]"/>
    <xsl:variable name="id" select="'ed:notes-' || te:id(.)"/>
    <xsl:variable name="name" select="if (self::tei:front) then 'Notes de la page de titre'
                                      else 'Notes&#x202F;: ' || string-join(self::tei:div ! te:division-title(.))"/>
    <xsl:if test="$notes">
      <xsl:element name="{if (self::tei:front) then 'div' else 'section'}">
        <xsl:attribute name="class" select="'notes'"/>
        <xsl:attribute name="role" select="'doc-endnotes'"/>
        <xsl:attribute name="aria-labelledby" select="$id"/>
        <xsl:choose>
          <xsl:when test="self::tei:front">
            <p class="notes-title" id="{$id}">{$name}</p>
          </xsl:when>
          <xsl:otherwise>
            <h3 class="notes-title" id="{$id}">{te:typo($name)}</h3>
          </xsl:otherwise>
        </xsl:choose>
        <ol class="notes">
          <xsl:apply-templates select="$notes" mode="html-notes"/>
        </ol>
      </xsl:element>
    </xsl:if>
  </xsl:template>

  <!-- The list keeps every note in order (to read them all, and in print). Its items are
       copies of the notes shown in place, so the ids inside them are left out. -->
  <xsl:template match="tei:note" mode="html-notes">
    <xsl:variable name="id" select="te:id(.)"/>
    <xsl:variable name="item" as="element()">
      <li class="note" id="ed:fn-{$id}">
        <a class="backref" role="doc-backlink" href="#ed:ref-{$id}" aria-label="Note {te:note-label(.)}, retour au texte">{te:note-label(.)}</a>
        <xsl:text> </xsl:text>
        <xsl:call-template name="te:note-body"><xsl:with-param name="inline" select="false()"/></xsl:call-template>
      </li>
    </xsl:variable>
    <xsl:apply-templates select="$item" mode="te:without-ids"/>
  </xsl:template>

  <!-- A copy of HTML made here, without the ids of the TEI elements inside it. -->
  <xsl:mode name="te:without-ids" on-no-match="shallow-copy"/>
  <xsl:template match="@id[..[parent::*]]" mode="te:without-ids"/>

  <!-- ===== indexes: persons and works, with every place that names them =============== -->

  <xsl:mode name="html-index" on-no-match="shallow-skip"/>

  <xsl:template match="tei:TEI" mode="html-index">
    <xsl:if test="$persons">
      <section class="index" id="ed:persons" aria-labelledby="ed:persons-h">
        <h2 id="ed:persons-h">Index des personnes</h2>
        <ul class="index">
          <xsl:apply-templates select="$persons" mode="html-index">
            <xsl:sort select="te:sort-key(.)"/>
            <xsl:sort select="te:reading((tei:persName)[1])"/>
          </xsl:apply-templates>
        </ul>
      </section>
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="$works">
      <section class="index" id="ed:works" aria-labelledby="ed:works-h">
        <h2 id="ed:works-h">Œuvres citées</h2>
        <ul class="index">
          <xsl:apply-templates select="$works" mode="html-index"/>
        </ul>
      </section>
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:person" mode="html-index">
    <xsl:variable name="born" select="tei:birth/(@when, @notBefore, @notAfter, .)[normalize-space()][1]"/>
    <xsl:variable name="died" select="tei:death/(@when, @notBefore, @notAfter, .)[normalize-space()][1]"/>
    <li id="{@xml:id}">
      <span class="index-name">{te:reading((tei:persName)[1])}</span>
      <xsl:if test="$born or $died"> ({normalize-space($born)}–{normalize-space($died)})</xsl:if>
      <xsl:for-each select="tei:note[normalize-space()]">
        <xsl:text>. </xsl:text>
        <span class="bio"><xsl:apply-templates mode="html-bio"/></span>
      </xsl:for-each>
      <xsl:call-template name="te:mentions"/>
    </li>
  </xsl:template>

  <xsl:template match="tei:bibl" mode="html-index">
    <li id="{@xml:id}">
      <xsl:call-template name="te:bibl-parts"/>
      <xsl:call-template name="te:mentions"/>
    </li>
  </xsl:template>

  <!-- A biographical note of the register: its words (person names there are plain). -->
  <xsl:mode name="html-bio" on-no-match="shallow-skip"/>
  <xsl:template match="text()" mode="html-bio">{te:typo(.)}</xsl:template>

  <!-- How a person is sorted: the surname, else the last word of the name outside
       brackets; lower case, without accents. -->
  <xsl:function name="te:sort-key" as="xs:string">
    <xsl:param name="person" as="element()"/>
    <xsl:variable name="name" select="($person/tei:persName)[1]"/>
    <xsl:variable name="words" select="tokenize(replace(te:reading($name), '\([^)]*\)', ''))"/>
    <xsl:variable name="key" select="(te:reading(($name//tei:surname)[1])[.], $words[last()], '')[1]"/>
    <xsl:sequence select="translate(lower-case($key), 'àáâäãåçéèêëíìîïñóòôöõúùûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa')"/>
  </xsl:function>

  <!-- The places that point to the context item, once per page (and note): "p. 6, p. 13, n. 10". -->
  <xsl:template name="te:mentions">
    <xsl:variable name="anchors" as="element()*">
      <xsl:for-each select="key('te:refs', '#' || @xml:id)">
        <xsl:sequence select="(ancestor-or-self::tei:note[1], ancestor-or-self::tei:p[@xml:id][1],
                               te:division(.))[1]"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="$anchors">
      <xsl:text>&#x202F;: </xsl:text>
      <xsl:for-each-group select="$anchors"
          group-by="(te:where(.)[.], if (self::tei:div) then te:division-title(.) else (), '§')[1]">
        <xsl:if test="position() gt 1">, </xsl:if>
        <a class="locator" href="#{te:id(.)}">{translate(current-grouping-key(), ' ', '&#xA0;')}</a>
      </xsl:for-each-group>
    </xsl:if>
  </xsl:template>

  <!-- ===== apparatus: every correction, with the source's reading and its reason ====== -->

  <xsl:mode name="html-apparatus" on-no-match="shallow-skip"/>

  <xsl:template match="tei:TEI" mode="html-apparatus">
    <xsl:if test="$choices">
      <section class="apparatus" id="ed:apparatus" aria-labelledby="ed:apparatus-h">
        <h2 id="ed:apparatus-h">Apparat critique</h2>
        <ol class="apparatus">
          <xsl:apply-templates select="$choices" mode="html-apparatus"/>
        </ol>
      </section>
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:choice" mode="html-apparatus">
    <xsl:variable name="id" select="te:id(.)"/>
    <xsl:variable name="reason" select="key('te:decl-for', string(@xml:id))[1]"/>
    <li id="ed:app-{$id}">
      <a href="#{te:id(te:anchor(.))}">{(te:where(.)[.], 'texte')[1] ! translate(., ' ', '&#xA0;')}</a>
      <xsl:text>&#x202F;: </xsl:text>
      <span class="lemma">{te:reading((tei:corr, tei:reg, tei:expan)[1])}</span>
      <xsl:text> ] </xsl:text>
      <span class="rdg">{te:reading((tei:sic, tei:orig, tei:abbr)[1])}</span>
      <xsl:if test="$reason">
        <xsl:text> — </xsl:text>
        <span class="reason">{te:reading($reason/node() except $reason/tei:label)}</span>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- ===== colophon: how this edition was made, from the header ======================== -->

  <xsl:mode name="html-colophon" on-no-match="shallow-skip"/>

  <xsl:template match="tei:teiHeader" mode="html-colophon">
    <xsl:variable name="pub" select="$file/tei:publicationStmt"/>
    <xsl:variable name="app" select="tei:encodingDesc/tei:appInfo/tei:application[1]"/>
    <footer class="colophon" id="ed:colophon" aria-labelledby="ed:colophon-h">
      <h2 id="ed:colophon-h">Colophon</h2>
      <dl>
        <xsl:variable name="source" select="te:colophon-source($file)"/>
        <xsl:if test="$source">
          <dt>Source</dt>
          <xsl:apply-templates select="$source" mode="html-colophon"/>
        </xsl:if>
        <dt>Édition</dt>
        <dd>
          <xsl:for-each select="($file/tei:titleStmt/tei:title, $file/tei:editionStmt/tei:edition)">
            <xsl:if test="position() gt 1"> — </xsl:if>
            <xsl:call-template name="te:ordinals"><xsl:with-param name="text" select="te:reading(.)"/></xsl:call-template>
          </xsl:for-each>
        </dd>
        <xsl:for-each select="$file/tei:titleStmt/tei:respStmt">
          <dd>{te:reading(tei:resp)}&#x202F;: {string-join(tei:name ! te:reading(.), ', ')}</dd>
        </xsl:for-each>
        <dd>
          <xsl:text>Publication&#x202F;: </xsl:text>
          <xsl:value-of select="($pub/tei:publisher, $pub/tei:pubPlace) ! te:reading(.)" separator=", "/>
          <xsl:for-each select="$pub/tei:date">, <xsl:apply-templates select="." mode="html-date"/></xsl:for-each>
          <xsl:text>.</xsl:text>
        </dd>
        <xsl:for-each select="$pub/tei:idno">
          <dd>Identifiant&#x202F;: <code>{te:reading(.)}</code></dd>
        </xsl:for-each>
        <xsl:if test="$page-url">
          <dd>Adresse&#x202F;: <span class="url">{$page-url}</span></dd>
        </xsl:if>
        <dd>Citer&#x202F;: {te:typo(te:citation(/, (), ()))}</dd>
        <xsl:if test="tei:encodingDesc/(tei:projectDesc | tei:editorialDecl)">
          <dt>Encodage</dt>
          <xsl:apply-templates select="tei:encodingDesc/tei:projectDesc/tei:p" mode="html-colophon"/>
          <xsl:apply-templates select="tei:encodingDesc/tei:editorialDecl/*" mode="html-colophon"/>
          <xsl:variable name="gaps" select="/tei:TEI/tei:text//tei:gap"/>
          <xsl:variable name="pages" select="/tei:TEI/tei:text//tei:pb[@n]"/>
          <dd>
            <strong>En bref</strong>
            <xsl:text>&#x202F;: </xsl:text>
            <xsl:value-of select="string-join((
                if ($choices) then count($choices) || (if (count($choices) gt 1) then ' corrections' else ' correction')
                                   || ' de la source, justifiées dans l’apparat critique' else (),
                if ($gaps) then count($gaps) || (if (count($gaps) gt 1) then ' passages perdus' else ' passage perdu')
                                || ', signalés entre crochets' else (),
                if ($pages[@type = 'inferred']) then count($pages[@type = 'inferred']) || ' numéros de page sur '
                    || count($pages) || ' ne sont pas imprimés dans la source mais déduits (« déduite » après le numéro)' else ()),
                '&#x202F;; ')"/>
            <xsl:text>.</xsl:text>
          </dd>
        </xsl:if>
        <xsl:if test="$pub/tei:availability">
          <dt>Licence</dt>
          <xsl:apply-templates select="$pub/tei:availability" mode="html-colophon"/>
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
        <xsl:if test="tei:revisionDesc/tei:change">
          <dt>Révisions</dt>
          <xsl:for-each select="tei:revisionDesc/tei:change">
            <dd>
              <xsl:if test="te:is-html-date(@when)"><time datetime="{@when}">{@when}</time>&#x202F;: </xsl:if>
              <xsl:value-of select="te:typo(te:reading(.))"/>
            </dd>
          </xsl:for-each>
        </xsl:if>
      </dl>
    </footer>
  </xsl:template>

  <!-- The source: its parts joined as a reference (a date the title already gives is not
       repeated), then each of its notes as a sentence of its own; identifiers (file name,
       checksum) each in their own code element. -->
  <xsl:template match="tei:sourceDesc/*" mode="html-colophon">
    <xsl:variable name="title" select="te:reading(tei:title[1])"/>
    <dd>
      <xsl:choose>
        <xsl:when test="* and not(text()[normalize-space()])">
          <xsl:value-of select="te:typo(string-join((* except tei:note)[not(self::tei:date and contains($title, te:reading(.)))]
                                                     ! te:reading(.), ', '))"/>
          <xsl:text>.</xsl:text>
          <xsl:for-each select="tei:note">
            <xsl:text> </xsl:text>
            <xsl:apply-templates mode="html-colophon-note"/>
            <xsl:if test="not(matches(te:reading(node()), '[.!?]$'))">.</xsl:if>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>{te:typo(te:reading(node()))}</xsl:otherwise>
      </xsl:choose>
    </dd>
  </xsl:template>

  <xsl:mode name="html-colophon-note" on-no-match="shallow-skip"/>
  <xsl:template match="text()" mode="html-colophon-note">{te:typo(.)}</xsl:template>
  <xsl:template match="tei:idno" mode="html-colophon-note">
    <xsl:if test="preceding-sibling::*[1][self::tei:idno]"><xsl:text>, </xsl:text></xsl:if>
    <xsl:if test="@type = 'sha256'">SHA-256 </xsl:if>
    <code class="idno">{te:reading(.)}</code>
  </xsl:template>
  <xsl:template match="text()[preceding-sibling::*[1][self::tei:idno[@type = 'sha256']]]" mode="html-colophon-note">
    <!-- "(SHA-256)" after the checksum: already said before it -->
    <xsl:value-of select="te:typo(replace(., '^\s*\(SHA-256\)', ''))"/>
  </xsl:template>

  <xsl:template match="tei:projectDesc/tei:p" mode="html-colophon">
    <dd>{te:typo(te:reading(.))}</dd>
  </xsl:template>

  <!-- One line per editorial principle, in the header's words where they are written for
       readers; sentences that explain the encoding to encoders (they name elements and
       attributes: "choice/sic/corr", "hi[@rend='sup']") are left to the TEI file. The
       corrections themselves are in the apparatus. -->
  <xsl:template match="tei:editorialDecl/*" mode="html-colophon">
    <xsl:variable name="label" select="map{
        'correction': 'Corrections', 'normalization': 'Normalisation', 'quotation': 'Citations',
        'hyphenation': 'Césures', 'segmentation': 'Segmentation', 'interpretation': 'Interprétation',
        'punctuation': 'Ponctuation', 'stdVals': 'Valeurs normalisées'}(local-name())"/>
    <xsl:variable name="said" select="((tei:p except tei:p[tei:list]) ! te:reading(.), te:reading(.[not(tei:p)])[.])
                                      [not(te:is-jargon(.))]"/>
    <xsl:if test="exists($said)">
      <dd>
        <strong>{($label, local-name())[1]}</strong>
        <xsl:text>&#x202F;: </xsl:text>
        <xsl:value-of select="te:typo(string-join($said, ' '))"/>
      </dd>
    </xsl:if>
  </xsl:template>

  <!-- True for a sentence written in the encoder's terms: an element path or an attribute
       (sic/corr, @n, hi[@rend]), an element named as such, or a counted "(s)". -->
  <xsl:function name="te:is-jargon" as="xs:boolean">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="contains($text, '[@') or contains($text, '@') or contains($text, 'élément')
        or contains($text, '(s)') or matches($text, '[a-z]/[a-z]') or matches($text, '[a-z][A-Z][a-z]')
        or (some $w in tokenize($text, '[\s.,;:()]+') satisfies $w = ('fw', 'pb', 'lb', 'sic', 'corr', 'gap', 'desc', 'choice', 'hi'))"/>
  </xsl:function>

  <!-- The licence links out only to an http(s) address; anything else stays text. -->
  <xsl:template match="tei:availability" mode="html-colophon">
    <xsl:for-each select="tei:licence">
      <dd>
        <xsl:choose>
          <xsl:when test="te:is-web-url(@target)">
            <a rel="license" href="{@target}">{(te:reading(.)[.], string(@target))[1]}</a>
          </xsl:when>
          <xsl:otherwise>{te:reading(.)}</xsl:otherwise>
        </xsl:choose>
      </dd>
    </xsl:for-each>
    <xsl:for-each select="tei:p">
      <dd>{te:reading(.)}</dd>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== metadata for reference managers (Zotero, Mendeley, citation crawlers) ======== -->

  <xsl:variable name="page-url" as="xs:string?" select="te:edition-url(/)"/>
  <xsl:variable name="edition-date" as="xs:string?" select="te:edition-date(/)"/>
  <xsl:variable name="editors" as="xs:string*" select="te:edition-editors(/)"/>
  <xsl:variable name="authors" as="xs:string*" select="$file/tei:titleStmt/tei:author ! te:reading(.)[.]"/>
  <xsl:variable name="publisher" as="xs:string?" select="te:reading(($file/tei:publicationStmt/tei:publisher)[1])[.]"/>
  <xsl:variable name="doc-lang" as="xs:string"
      select="(string(/tei:TEI/@xml:lang)[te:is-lang(.)], 'fr')[1]"/>
  <xsl:variable name="licence" as="element()?" select="($file/tei:publicationStmt/tei:availability/tei:licence)[1]"/>

  <!-- Highwire Press citation_* (read by Google Scholar and Zotero), Dublin Core, a
       schema.org description in JSON-LD. Every value is an attribute value or JSON-escaped
       text with <, > and & as \u escapes, so nothing from the TEI can end the script. -->
  <xsl:template name="te:html-metadata">
    <meta name="citation_title" content="{$doc-title}"/>
    <xsl:for-each select="$authors"><meta name="citation_author" content="{.}"/></xsl:for-each>
    <xsl:for-each select="$editors"><meta name="citation_editor" content="{.}"/></xsl:for-each>
    <xsl:if test="$edition-date">
      <meta name="citation_publication_date" content="{translate($edition-date, '-', '/')}"/>
    </xsl:if>
    <xsl:if test="$publisher"><meta name="citation_publisher" content="{$publisher}"/></xsl:if>
    <xsl:if test="$page-url"><meta name="citation_public_url" content="{$page-url}"/></xsl:if>
    <meta name="citation_language" content="{$doc-lang}"/>
    <meta name="DC.title" content="{$doc-title}"/>
    <xsl:for-each select="$authors"><meta name="DC.creator" content="{.}"/></xsl:for-each>
    <xsl:for-each select="$editors"><meta name="DC.contributor" content="{.}"/></xsl:for-each>
    <xsl:if test="$edition-date"><meta name="DC.date" content="{$edition-date}"/></xsl:if>
    <xsl:if test="$publisher"><meta name="DC.publisher" content="{$publisher}"/></xsl:if>
    <xsl:if test="$page-url"><meta name="DC.identifier" content="{$page-url}"/></xsl:if>
    <meta name="DC.language" content="{$doc-lang}"/>
    <meta name="DC.type" content="Text"/>
    <xsl:for-each select="$file/tei:sourceDesc/tei:bibl[1]">
      <meta name="DC.source" content="{string-join((tei:author, tei:title, tei:date) ! te:reading(.), ', ')}"/>
    </xsl:for-each>
    <xsl:if test="$licence">
      <meta name="DC.rights" content="{(te:reading($licence)[.], string($licence/@target))[1]}"/>
    </xsl:if>
    <script type="application/ld+json">{te:json-ld()}</script>
  </xsl:template>

  <xsl:function name="te:json-ld" as="xs:string">
    <xsl:variable name="source" select="$file/tei:sourceDesc/tei:bibl[1]"/>
    <xsl:variable name="members" as="xs:string*" select="(
        '&quot;@context&quot;: &quot;https://schema.org&quot;',
        '&quot;@type&quot;: &quot;CreativeWork&quot;',
        '&quot;name&quot;: ' || te:json-safe($doc-title),
        (te:reading($file/tei:titleStmt/tei:title[@type = 'sub'][1])[.] ! ('&quot;alternativeHeadline&quot;: ' || te:json-safe(.))),
        if (exists($authors)) then '&quot;author&quot;: [' || string-join($authors ! te:json-agent('Person', .), ', ') || ']' else (),
        if (exists($editors)) then '&quot;editor&quot;: [' || string-join($editors ! te:json-agent('Organization', .), ', ') || ']' else (),
        $edition-date ! ('&quot;datePublished&quot;: ' || te:json-safe(.)),
        $publisher ! ('&quot;publisher&quot;: ' || te:json-agent('Organization', .)),
        $page-url ! ('&quot;url&quot;: ' || te:json-safe(.)),
        '&quot;inLanguage&quot;: ' || te:json-safe($doc-lang),
        te:edition-version($header) ! ('&quot;version&quot;: ' || te:json-safe(.)),
        ($licence/@target[te:is-web-url(.)] ! ('&quot;license&quot;: ' || te:json-safe(.))),
        ($file/tei:publicationStmt/tei:idno)[1] ! ('&quot;identifier&quot;: ' || te:json-safe(te:reading(.))),
        $source ! ('&quot;isBasedOn&quot;: {&quot;@type&quot;: &quot;CreativeWork&quot;, &quot;name&quot;: '
                   || te:json-safe(te:reading(tei:title)) || (tei:author ! (', &quot;author&quot;: '
                   || te:json-agent('Person', te:reading(.)))) || (tei:date ! te:iso-date(.) ! (', &quot;dateCreated&quot;: '
                   || te:json-safe(.))) || '}')
      )"/>
    <xsl:sequence select="'{' || string-join($members, ', ') || '}'"/>
  </xsl:function>

  <xsl:function name="te:json-agent" as="xs:string">
    <xsl:param name="type" as="xs:string"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="'{&quot;@type&quot;: &quot;' || $type || '&quot;, &quot;name&quot;: ' || te:json-safe($name) || '}'"/>
  </xsl:function>

  <!-- A JSON string that can stand inside an HTML script element. -->
  <xsl:function name="te:json-safe" as="xs:string">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="replace(replace(replace(te:json($value), '&lt;', '\\u003c'), '&gt;', '\\u003e'),
                                  '&amp;', '\\u0026')"/>
  </xsl:function>

  <!-- COinS (OpenURL in a span's title), for the reference managers that read only that. -->
  <xsl:template name="te:coins">
    <xsl:variable name="pairs" as="xs:string*" select="(
        'ctx_ver=Z39.88-2004', 'rft_val_fmt=' || encode-for-uri('info:ofi/fmt:kev:mtx:book'),
        'rft.genre=document', 'rft.btitle=' || encode-for-uri($doc-title),
        $authors ! ('rft.au=' || encode-for-uri(.)),
        $edition-date ! ('rft.date=' || encode-for-uri(.)),
        $publisher ! ('rft.pub=' || encode-for-uri(.)),
        'rft.language=' || $doc-lang,
        $page-url ! ('rft_id=' || encode-for-uri(.)))"/>
    <span class="Z3988" title="{string-join($pairs, '&amp;')}"></span>
  </xsl:template>

  <!-- The one behaviour the page adds to plain links: Escape closes an open note and puts
       the reader back on its call. Without script a note closes by its ↩ link. -->
  <xsl:variable name="escape-script" as="xs:string" expand-text="no"
      select="'document.addEventListener(&quot;keydown&quot;,function(e){if(e.key!==&quot;Escape&quot;)return;var n=document.querySelector(&quot;.note-pop:target&quot;);if(!n)return;var c=document.getElementById(&quot;ed:ref-&quot;+n.id);if(!c)return;e.preventDefault();location.replace(&quot;#ed:ref-&quot;+n.id);c.focus()});'"/>

  <!-- ===== style ======================================================================== -->

  <xsl:variable name="css" as="xs:string" expand-text="no">
:root{--ink:#1f1d1a;--muted:#5c5750;--accent:#8c1d18;--rule:#d9d2c5;--paper:#fffdf8;--mark:#fff1bf;--panel:#f5efe2}
@media (prefers-color-scheme:dark){:root{--ink:#ece6dc;--muted:#b9b0a3;--accent:#f0a49b;--rule:#4a443c;--paper:#1b1a18;--mark:#4a3d12;--panel:#2a2723}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--paper);color:var(--ink);font:1.0625rem/1.6 Georgia,"Times New Roman",serif;overflow-wrap:break-word}
a{color:var(--accent)}
a:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-100vw;top:0}
.skip:focus{left:1rem;top:1rem;background:var(--paper);padding:.5rem 1rem;z-index:30}
.title-page,.toc,main,.colophon{max-width:40rem;margin:0 auto;padding:0 1rem}
.title-page{padding-top:2rem;text-align:center;position:relative}
.title-page .notes,.how-to-cite{text-align:left}
h1{font-size:1.55rem;line-height:1.3;margin:1rem 0;letter-spacing:.02em}
.title-part{display:block}
h2{font-size:1.3rem;line-height:1.3;margin:2.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
.doc-author,.doc-date,.edition-title{margin:.25rem 0}
.edition-title,.speech-meta,.toc-date,.dateline,.printed{color:var(--muted)}
.how-to-cite{border:1px solid var(--rule);padding:.25rem 1rem;margin:1.5rem 0;font-size:.95rem}
.how-to-cite h2{font-size:1.05rem;margin:.75rem 0 .5rem}
.cite-help{color:var(--muted);font-size:.9rem}
.url{overflow-wrap:anywhere}
.toc{border-top:1px solid var(--rule);margin-top:1.5rem}
.toc ol{padding-left:1.25rem}
main{position:relative}
p{position:relative;margin:0 0 .9rem}
.speech{border-top:1px solid var(--rule);margin-top:2rem}
.speech-meta{font-style:italic}
.printed{font-variant:small-caps;letter-spacing:.03em}
.printed-label{font-variant:normal;font-style:italic;letter-spacing:0}
.permalink{display:inline-block;min-width:1.5rem;min-height:1.5rem;line-height:1.5rem;text-align:center;color:var(--muted);text-decoration:none;font:.8rem/1.5rem system-ui,sans-serif;border-radius:.2rem}
.permalink:hover,.permalink:focus{color:var(--accent);text-decoration:underline}
.cite-p,.note-pop,.sic-hint{display:none}
p:target>.cite-p{display:block;margin:.5rem 0 0;padding:.4rem .6rem;background:var(--panel);font:.85rem/1.4 system-ui,sans-serif;user-select:all}
.cite-label{font-weight:bold;user-select:none}
q.quote{quotes:none}
q.quote::before,q.quote::after{content:none}
blockquote.letter{margin:1.25rem 0;padding:.25rem 0 .25rem 1rem;border-left:3px solid var(--rule);font-size:.98rem}
.qid,.quote-source{font:.72rem system-ui,sans-serif;color:var(--muted);text-decoration:none;margin-left:.2em}
.qid:hover,.qid:focus,.quote-source:hover,.quote-source:focus{color:var(--accent);text-decoration:underline}
cite.title{font-style:italic}
a.person,a.corr,cite.title a{color:inherit;text-decoration:underline dotted var(--accent)}
a.corr:focus+.sic-hint,a.corr:hover+.sic-hint{display:inline;font:.8rem system-ui,sans-serif;color:var(--muted);margin-left:.2em}
.noteref{line-height:0}
.noteref a{display:inline-block;min-width:1.5rem;text-align:center;text-decoration:none;font:bold .75rem/1.5rem system-ui,sans-serif}
.note-pop:target{display:block;margin:.5rem 0 .75rem;padding:.6rem .8rem;background:var(--panel);border-left:3px solid var(--accent);font-size:.92rem;line-height:1.5}
.note-p{display:block;margin:0 0 .4rem}
.note-id{display:block;margin-top:.4rem;font:.75rem system-ui,sans-serif;color:var(--muted)}
.pb{font:.75rem/1 system-ui,sans-serif;color:var(--muted);white-space:nowrap;margin:0 .3em}
.pb a{color:var(--muted);text-decoration:none}
.pb.inferred{font-style:italic}
.notes{border-top:1px solid var(--rule);margin-top:1.5rem;font-size:.92rem}
.notes-title{font-size:1rem;font-weight:bold}
ol.notes{list-style:none;padding:0}
ol.notes li{margin:.5rem 0}
ol.notes li p{display:inline}
ol.notes li p+p{display:block;margin:.4rem 0 0 1.75rem}
.backref{display:inline-block;min-width:1.75rem;min-height:1.5rem;font:bold .85rem/1.5rem system-ui,sans-serif;text-decoration:none}
.backref::after{content:" ↩"}
.gap{color:var(--muted);font-style:italic}
.index li,.apparatus li{margin:.35rem 0}
.bio{color:var(--muted)}
.locator{white-space:nowrap}
.lemma{font-weight:bold}
.rdg{text-decoration:line-through}
.colophon{border-top:1px solid var(--rule);margin-top:3rem;padding-bottom:3rem;font-size:.9rem}
.colophon dt{font-weight:bold;margin-top:.75rem}
.colophon dd{margin:0 0 .25rem 1rem}
code{overflow-wrap:anywhere}
:target{scroll-margin-top:2rem}
.note-pop:target{scroll-margin-top:35vh}
p:target,.pb:target,q:target,blockquote:target,li.note:target,.index li:target,.apparatus li:target,.noteref a:target,a.corr:target{background:var(--mark)}
@media screen and (min-width:56rem){
  .permalink{position:absolute;right:-2.5rem;top:.1rem}
  .pb{position:absolute;left:-6rem;width:5rem;text-align:right;white-space:normal;margin:0}
}
@media print{
  @page{size:A4;margin:2cm 2cm 2.2cm;@bottom-center{content:counter(page) " / " counter(pages);font:9pt Georgia,serif}}
  @page:first{@bottom-center{content:none}}
  :root{--ink:#000;--muted:#333;--accent:#000;--rule:#999;--paper:#fff;--mark:transparent;--panel:transparent}
  body{background:#fff;color:#000;font-size:11pt}
  .toc,.skip,.qid,.quote-source,.backref::after,.note-pop,.note-pop:target,.cite-p,p:target>.cite-p,.sic-hint,.cite-help{display:none}
  a,a:link,a:visited,a.person,a.corr,cite.title a,.pb a,.noteref a{color:inherit;text-decoration:none}
  .permalink{font-size:7pt;color:#333}
  .title-page{break-after:page}
  .how-to-cite{border:1px solid #000}
  h2,h3{break-after:avoid}
  p{orphans:3;widows:3}
  .pb{font-size:8pt}
  .notes{break-before:avoid}
  :target{background:none}
}
</xsl:variable>

</xsl:stylesheet>
