/*
 * PyTorch Primer: search results that find the lesson (src/primer/sphinxext/search.py).
 *
 * Loaded with `defer` on the search page only, after Sphinx's searchtools.js and before
 * the query runs (Search.init waits for DOMContentLoaded). Three changes to Sphinx's search:
 *
 * 1. Chinese queries are cut into the words the index holds. Sphinx indexes Chinese pages
 *    through jieba, but its search box looks a query up whole, so 保存模型 found nothing:
 *    the index has 保存 and 模型 (sphinx-doc/sphinx#5318; tests/test_upstream.py says when
 *    this can go). A run of Chinese characters is cut greedily into the longest words found
 *    in the index.
 * 2. A page whose title names the query ranks first: each query word found in the page's
 *    title adds TITLE_WORD, so "Tensors" outranks pages that merely mention tensors. An
 *    index entry (each glossary term is one) scores just below a title or heading: Sphinx
 *    gives an exact entry 100 against a title's 15, which put the glossary's definition
 *    above every lesson, even one with a heading about the term.
 * 3. One result per page (its best), so the glossary appears once, not once per term; and
 *    the excerpt under a result is the page's own text, not its breadcrumbs or the
 *    gallery's "Go to the end to download" note.
 */
"use strict";

const PRIMER_TITLE_WORD = 20;
const PRIMER_CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/gu;
const PRIMER_NOT_THE_PAGES_TEXT = [
  ".bd-header-article", // breadcrumbs
  ".sphx-glr-download-link-note", // "Go to the end to download the full example code"
  ".sphx-glr-footer", // download buttons
  ".sphx-glr-timing",
  ".provenance", // where this page was built
  ".sphx-glr-signature",
  ".prev-next-area",
  "article h1",
];

/** The longest words of the index that make up one run of Chinese characters. */
const primerCutChinese = (run, words) => {
  const cut = [];
  let unknown = "";
  for (let start = 0; start < run.length; ) {
    let end = run.length;
    while (end > start + 1 && !words.has(run.slice(start, end))) end -= 1;
    if (words.has(run.slice(start, end))) {
      if (unknown) cut.push(unknown);
      unknown = "";
      cut.push(run.slice(start, end));
    } else {
      unknown += run[start];  // not in the index: kept, so the query still must match it
    }
    start = end;
  }
  if (unknown) cut.push(unknown);
  return cut;
};

const primerIndexWords = () => {
  if (!Search._primerWords) {
    const index = Search._index;
    Search._primerWords = new Set([...Object.keys(index.terms), ...Object.keys(index.titleterms)]);
  }
  return Search._primerWords;
};

const sphinxSplitQuery = splitQuery;
splitQuery = (query) =>
  sphinxSplitQuery(query).flatMap((part) =>
    part.replace(PRIMER_CJK_RUN, (run) => ` ${primerCutChinese(run, primerIndexWords()).join(" ")} `)
      .split(" ")
      .filter((word) => word)
  );

/** How many of the query's words (as typed or stemmed) the page's title contains. */
const primerTitleWords = (docname, words) => {
  const index = Search._index;
  const title = (index.titles[index.docnames.indexOf(docname)] || "").toLowerCase();
  const stemmer = new Stemmer();
  return words.filter((word) => title.includes(word) || title.includes(stemmer.stemWord(word)))
    .length;
};

/** The best result of each page, best last (Sphinx shows the list from its end). */
const primerBestPerPage = (results) => {
  const best = new Map();
  for (const result of results) {
    const kept = best.get(result[0]);
    if (!kept || result[4] >= kept[4]) best.set(result[0], result);
  }
  return [...best.values()].sort(_orderResultsByScoreThenName);
};

const sphinxPerformSearch = Search._performSearch;
Search._performSearch = (query, searchTerms, excludedTerms, highlightTerms, objectTerms) => {
  const results = sphinxPerformSearch(query, searchTerms, excludedTerms, highlightTerms, objectTerms);
  const words = [...highlightTerms];
  for (const result of results) {
    if (result[6] === SearchResultKind.index) {
      result[4] = Math.round(((Scorer.title - 1) * result[4]) / 100);
    }
    result[4] += PRIMER_TITLE_WORD * primerTitleWords(result[0], words);
  }
  return primerBestPerPage(results);
};

const sphinxHtmlToText = Search.htmlToText;
Search.htmlToText = (htmlString, anchor) => {
  const page = new DOMParser().parseFromString(htmlString, "text/html");
  page.querySelectorAll(PRIMER_NOT_THE_PAGES_TEXT.join(",")).forEach((el) => el.remove());
  return sphinxHtmlToText(page.documentElement.outerHTML, anchor).replace(/\s+/g, " ");
};
