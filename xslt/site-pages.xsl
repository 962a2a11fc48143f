<?xml version="1.0" encoding="UTF-8"?>
<!--
  The shared pages of a collection's site (tei-edition site): the list of documents, the
  persons and works indexes, the search page. Input: the site's catalogue, an XML file made
  by src/tei_edition/site/pages.py from the documents' summaries (no TEI is read here).
  $page names the page to make: index, persons, works or search.

  Every page is one self-contained HTML5 file (its style inline), works without JavaScript
  (the search page says that searching needs it), links to the other pages, and ends with
  the build's version and date and how to cite it at its stable URL.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:te="urn:x-tei-edition:xslt"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>

  <xsl:param name="page" as="xs:string" select="'index'"/>

  <!-- Numbers as French writes them: 21 257 (a narrow no-break space groups the digits). -->
  <xsl:decimal-format name="fr" grouping-separator="&#x202F;" decimal-separator=","/>

  <xsl:variable name="site" select="/site"/>
  <xsl:variable name="titles" as="map(xs:string, xs:string)"
      select="map{'index': 'Documents', 'persons': 'Index des personnes',
                  'works': 'Index des œuvres', 'search': 'Recherche'}"/>

  <xsl:template match="/site">
    <html lang="fr">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{$titles($page)} — {@title}</title>
        <meta name="generator" content="tei-edition {@version}"/>
        <style>{te:style()}</style>
      </head>
      <body>
        <header class="site-head">
          <p class="site-title"><a href="index.html">{@title}</a></p>
          <nav aria-label="Pages du site">
            <ul>
              <xsl:for-each select="('index', 'persons', 'works', 'search')">
                <li>
                  <xsl:choose>
                    <xsl:when test=". = $page"><span aria-current="page">{$titles(.)}</span></xsl:when>
                    <xsl:otherwise><a href="{.}.html">{$titles(.)}</a></xsl:otherwise>
                  </xsl:choose>
                </li>
              </xsl:for-each>
              <li><a href="corpus.xml">Corpus TEI</a></li>
              <li><a href="README.txt">Lisez-moi</a></li>
            </ul>
          </nav>
        </header>
        <main id="main">
          <h1>{$titles($page)}</h1>
          <xsl:choose>
            <xsl:when test="$page = 'index'"><xsl:call-template name="documents"/></xsl:when>
            <xsl:when test="$page = 'persons'">
              <xsl:call-template name="register"><xsl:with-param name="entries" select="person"/></xsl:call-template>
            </xsl:when>
            <xsl:when test="$page = 'works'">
              <xsl:call-template name="register"><xsl:with-param name="entries" select="work"/></xsl:call-template>
            </xsl:when>
            <xsl:when test="$page = 'search'"><xsl:call-template name="search"/></xsl:when>
          </xsl:choose>
        </main>
        <footer class="site-foot">
          <p>Citer cette page : {@publisher}, « {$titles($page)} », {@title}, version {@version}
            du {@date}, {te:url($page || '.html')}.</p>
          <p>Construit par tei-edition {@version} le <time datetime="{@date}">{@date}</time>.
            Chaque document renvoie à sa source TEI ; le corpus entier est dans
            <a href="corpus.xml">corpus.xml</a>, décrit dans <a href="README.txt">README.txt</a>.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- The documents, one row each, with every format and the TEI. -->
  <xsl:template name="documents">
    <p>{count(document)} document(s), {format-number(sum(document/@words), '#&#x202F;##0', 'fr')} mots.</p>
    <div class="table">
      <table>
        <thead>
          <tr><th scope="col">Titre</th><th scope="col">Orateur</th><th scope="col">Date</th>
            <th scope="col">Lieu</th><th scope="col">Taille</th><th scope="col">Formats</th></tr>
        </thead>
        <tbody>
          <xsl:for-each select="document">
            <tr id="doc-{@stem}">
              <td><a href="{file[@kind = 'html']/@href}">{@title}</a></td>
              <td>{string-join(speaker, ', ')}</td>
              <td><xsl:if test="@date != ''"><time datetime="{@date}">{@date}</time></xsl:if></td>
              <td>{@place}</td>
              <td>{format-number(xs:integer(@words), '#&#x202F;##0', 'fr')} mots, {@passages} passages</td>
              <td class="formats">
                <xsl:for-each select="file">
                  <a href="{@href}">{@label}</a>
                  <xsl:text> </xsl:text><span class="size">({te:size(@size)})</span>
                  <xsl:if test="position() != last()"><br/></xsl:if>
                </xsl:for-each>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- Persons or works: one entry per id, each with its documents and passages. -->
  <xsl:template name="register">
    <xsl:param name="entries" as="element()*"/>
    <xsl:choose>
      <xsl:when test="empty($entries)"><p>Aucune entrée dans cette collection.</p></xsl:when>
      <xsl:otherwise>
        <p>{count($entries)} entrée(s). Chaque entrée renvoie aux passages qui la nomment.</p>
        <ul class="register">
          <xsl:for-each select="$entries">
            <li id="{@id}">
              <strong>{@name}</strong>
              <ul>
                <xsl:for-each select="in">
                  <li>
                    <a href="{@href}">{@title}</a>
                    <xsl:if test="@speaker = 'yes'"> (orateur)</xsl:if>
                    <xsl:if test="passage"> : </xsl:if>
                    <xsl:for-each select="passage">
                      <a href="{@href}">{@label}</a>
                      <xsl:if test="position() != last()">, </xsl:if>
                    </xsl:for-each>
                  </li>
                </xsl:for-each>
              </ul>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The search form; search/search.js fills in the results. -->
  <xsl:template name="search">
    <form id="search-form" action="search.html" method="get" role="search">
      <p>
        <label for="q">Mots ou expression</label>
        <input type="search" id="q" name="q" required="required"/>
        <button type="submit">Chercher</button>
      </p>
      <p class="filters">
        <label for="speaker">Orateur</label>
        <select id="speaker" name="speaker">
          <option value="">tous</option>
          <xsl:for-each select="speakers/name"><option>{.}</option></xsl:for-each>
        </select>
        <label for="year">Année</label>
        <select id="year" name="year">
          <option value="">toutes</option>
          <xsl:for-each select="years/year"><option>{.}</option></xsl:for-each>
        </select>
        <label for="document">Document</label>
        <select id="document" name="document">
          <option value="">tous</option>
          <xsl:for-each select="document"><option value="{@stem}">{@title} ({@stem})</option></xsl:for-each>
        </select>
      </p>
    </form>
    <p id="search-noscript-note" class="note">La recherche a besoin de JavaScript (elle lit
      l’index statique du dossier search/) ; sans lui, les pages
      <a href="index.html">Documents</a>, <a href="persons.html">Personnes</a> et
      <a href="works.html">Œuvres</a> mènent à chaque passage. Entre guillemets, une expression
      n’est trouvée que telle quelle.</p>
    <p id="search-status" role="status" aria-live="polite"></p>
    <ol id="search-results"></ol>
    <script src="search/search.js"></script>
  </xsl:template>

  <xsl:function name="te:url" as="xs:string">
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="if ($site/@base != '') then replace($site/@base, '/$', '') || '/' || $path
                          else $path"/>
  </xsl:function>

  <xsl:function name="te:size" as="xs:string">
    <xsl:param name="bytes" as="xs:string"/>
    <xsl:variable name="n" select="xs:integer($bytes)"/>
    <xsl:sequence select="if ($n ge 1048576) then format-number($n div 1048576, '0,0', 'fr') || ' Mo'
                          else if ($n ge 1024) then format-number($n div 1024, '0') || ' ko'
                          else $n || ' o'"/>
  </xsl:function>

  <xsl:function name="te:style" as="xs:string">
    <xsl:sequence select="string-join((
      'body{margin:0;background:#fffdf8;color:#1f1d1a;font:1rem/1.55 Georgia,&quot;Times New Roman&quot;,serif}',
      'a{color:#8c1d18}',
      'header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}',
      '.site-head{border-bottom:1px solid #d9d2c5}',
      '.site-title{font-size:1.2rem;margin:.75rem 0 .25rem}',
      '.site-head ul{list-style:none;padding:0;margin:0 0 .75rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font:.9rem system-ui,sans-serif}',
      'h1{font-size:1.5rem}',
      '.table{overflow-x:auto}',
      'table{border-collapse:collapse;width:100%;font-size:.92rem}',
      'th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #d9d2c5}',
      '.formats,td time{font:.82rem/1.5 system-ui,sans-serif;white-space:nowrap}',
      '.size,.result-meta,.note{color:#5c5750}',
      '.register>li{margin:.6rem 0}',
      'form p{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}',
      'input[type=search]{flex:1 1 14rem;font:inherit;padding:.3rem}',
      'select{max-width:100%}',
      '#search-results li{margin:0 0 1rem}',
      '.excerpt{margin:.25rem 0}',
      'mark{background:#fff1bf}',
      '.site-foot{border-top:1px solid #d9d2c5;margin-top:2rem;font:.85rem/1.5 system-ui,sans-serif;color:#5c5750}'
      ), '')"/>
  </xsl:function>

</xsl:stylesheet>
