// The site's search, in the browser, from the static files in search/ (see site/search.py).
// Reads the query from the page's address (?q=…&speaker=…&year=…&document=…), fetches the
// shards of the words searched, intersects their passages, keeps the passages that hold the
// words in that order first (all of them, for a query in "quotes"), and lists them with a
// link to each passage. Written for this project; no library.
"use strict";

(() => {
  const base = "search/";
  const form = document.getElementById("search-form");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const MAX_CANDIDATES = 400;
  const MAX_SHOWN = 50;

  // Lower case, no accents: as site/search.py's normalize().
  const fold = (s) => s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  const words = (s) => s.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [];
  const shardKey = (s) => [...s].slice(0, 2).map((c) => c.codePointAt(0).toString(16)).join("-");
  const cache = new Map();
  const getJSON = (name) => {
    if (!cache.has(name)) {
      cache.set(name, fetch(base + name).then((r) => {
        if (!r.ok) throw new Error(`${name}: ${r.status}`);
        return r.json();
      }));
    }
    return cache.get(name);
  };

  async function postingsOf(word, meta) {
    const key = shardKey(word);
    if (!meta.shards.includes(key)) return [];
    const shard = await getJSON(`terms-${key}.json`);
    let stem = shard.forms[word];
    if (stem === undefined) {  // a form the collection lacks: the longest stem it starts with
      stem = Object.keys(shard.stems).filter((s) => word.startsWith(s))
        .sort((a, b) => b.length - a.length)[0];
    }
    return stem === undefined ? {stem: word, list: []} : {stem, list: shard.stems[stem] || []};
  }

  function documentOf(n, meta) {
    let lo = 0, hi = meta.documents.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (meta.documents[mid].first <= n) lo = mid; else hi = mid - 1;
    }
    return meta.documents[lo];
  }

  function speakerOf(n, doc, meta) {
    let found = doc.speakers[0];
    for (const run of doc.speakers) if (run[0] <= n - doc.first) found = run;
    return meta.speakers[found[1]];
  }

  // A word of the text matches a term if it is the term, or shares a stem of 4 letters or more.
  const matcher = (terms, stems) => (t) => words(t).map(fold).some((w) =>
    terms.includes(w) || stems.some((s) => s.length >= 4 && w.startsWith(s)));

  function excerpt(text, terms, stems) {
    const matches = matcher(terms, stems);
    const tokens = text.split(/\s+/);
    // Centred on the words in the order searched if they are there, else on the first one.
    const norm = (t) => words(t).map(fold).join(" ");
    const phrase = " " + terms.join(" ") + " ";
    let hit = tokens.findIndex((_, i) => (" " + tokens.slice(i, i + terms.length + 2).map(norm)
      .filter(Boolean).join(" ") + " ").startsWith(phrase));
    if (hit < 0) hit = tokens.findIndex(matches);
    const from = Math.max(0, hit - 12);
    const shown = tokens.slice(from, from + 36);
    const p = document.createElement("p");
    p.className = "excerpt";
    if (from > 0) p.append("… ");
    shown.forEach((t, i) => {
      if (i) p.append(" ");
      if (matches(t)) {
        const m = document.createElement("mark");
        m.textContent = t;
        p.append(m);
      } else {
        p.append(t);
      }
    });
    if (from + shown.length < tokens.length) p.append(" …");
    return p;
  }

  async function search(params) {
    const query = params.get("q") || "";
    const quoted = /^\s*["«“].*["»”]\s*$/.test(query);
    const terms = words(query).map(fold);
    if (!terms.length) { status.textContent = "Saisissez un ou plusieurs mots."; return; }
    status.textContent = "Recherche…";
    const meta = await getJSON("meta.json");
    const found = await Promise.all(terms.map((w) => postingsOf(w, meta)));
    const stems = found.map((f) => f.stem);
    const sets = found.map((f) => new Set(f.list));
    let hits = found[0].list.filter((n) => sets.every((set) => set.has(n)));
    const speaker = params.get("speaker"), year = params.get("year"), stem = params.get("document");
    hits = hits.filter((n) => {
      const doc = documentOf(n, meta);
      return (!year || doc.year === year) && (!stem || doc.stem === stem)
        && (!speaker || speakerOf(n, doc, meta) === speaker);
    }).slice(0, MAX_CANDIDATES);
    const chunks = [...new Set(hits.map((n) => Math.floor(n / meta.chunk)))];
    const loaded = new Map(await Promise.all(chunks.map(async (c) =>
      [c, await getJSON(`passages-${c}.json`)])));
    const phrase = " " + terms.join(" ") + " ";
    const results = hits.map((n) => {
      const [url, label, text] = loaded.get(Math.floor(n / meta.chunk))[n % meta.chunk];
      const inOrder = (" " + words(text).map(fold).join(" ") + " ").includes(phrase);
      return {n, url, label, text, inOrder};
    }).filter((r) => r.inOrder || !quoted);
    results.sort((a, b) => (b.inOrder - a.inOrder) || (a.n - b.n));
    status.textContent = results.length
      ? `${results.length} passage(s)${results.length > MAX_SHOWN ? `, les ${MAX_SHOWN} premiers :` : " :"}`
      : "Aucun passage ne contient ces mots.";
    list.replaceChildren(...results.slice(0, MAX_SHOWN).map((r) => {
      const doc = documentOf(r.n, meta);
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = r.url;
      a.textContent = `${doc.title} — ${r.label}`;
      const info = document.createElement("p");
      info.className = "result-meta";
      info.textContent = [speakerOf(r.n, doc, meta), doc.year, doc.stem].filter(Boolean).join(" · ");
      li.append(a, info, excerpt(r.text, terms, stems));
      return li;
    }));
  }

  const params = new URLSearchParams(location.search);
  for (const name of ["q", "speaker", "year", "document"]) {
    if (params.has(name) && form.elements[name]) form.elements[name].value = params.get(name);
  }
  document.getElementById("search-noscript-note")?.remove();
  if (params.get("q")) {
    search(params).catch((e) => { status.textContent = `La recherche a échoué : ${e.message}`; });
  }
})();
