/* Kosovo briefing: the claim markers' tooltips, and search without accents.
 *
 * Search: a query finds names with or without their accents ("Ulutas",
 * "Ulutaş"), as the index holds them folded (briefing/search.py).
 *
 * Without this script the tooltips still open on hover and keyboard focus
 * (briefing.css) and a marker is a link to its evidence entry. With it:
 * - a tooltip is placed in the viewport (fixed), so a table's scrolling box
 *   or the window's edge never cuts it;
 * - Escape closes the open tooltip;
 * - on a touch screen the first tap on a marker opens its tooltip (status,
 *   grade, sources, and a link to the evidence entry); a second tap on the
 *   marker, or the link, goes to the entry; a tap elsewhere closes it.
 */
(function () {
  "use strict";

  /* Search: names are found with or without their accents. The index holds
   * every word folded to plain letters (briefing/search.py, the same table);
   * the reader's query is folded the same way before Sphinx stems it. */
  var LETTERS = { "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O",
                  "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i" };
  function fold(word) {
    return word.replace(/[ßđĐłŁøØæÆœŒı]/g, function (c) { return LETTERS[c]; })
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  if (typeof window.Stemmer === "function") {
    var BaseStemmer = window.Stemmer;
    window.Stemmer = function () {
      var stemmer = new BaseStemmer();
      var stemWord = stemmer.stemWord;
      stemmer.stemWord = function (word) { return stemWord.call(stemmer, fold(word)); };
      return stemmer;
    };
  }

  var MARGIN = 8;
  var open = null;
  var touching = false;

  function wrapOf(node) {
    return node && node.closest ? node.closest(".claim-marker-wrap") : null;
  }

  function addLink(wrap) {
    var tip = wrap.querySelector(".claim-tip");
    var marker = wrap.querySelector("a.claim-marker");
    if (!tip || !marker || tip.querySelector(".claim-tip-link")) return;
    var link = document.createElement("a");
    link.className = "claim-tip-link";
    link.href = marker.getAttribute("href");
    link.textContent = "Open the evidence entry \u2192";
    tip.appendChild(link);
  }

  function place(wrap) {
    var tip = wrap.querySelector(".claim-tip");
    var marker = wrap.querySelector(".claim-marker");
    if (!tip || !marker) return;
    var box = marker.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var height = window.innerHeight;
    tip.classList.add("claim-tip-placed");
    tip.style.width = Math.min(448, width - 2 * MARGIN) + "px";
    tip.style.left = Math.max(MARGIN, Math.min(box.left, width - tip.offsetWidth - MARGIN)) + "px";
    // below the marker, else above it; never over it: a tip taller than the
    // room on either side scrolls within the larger one
    tip.style.maxHeight = "none";
    var below = height - box.bottom - 2 - MARGIN;
    var above = box.top - 2 - MARGIN;
    var natural = tip.offsetHeight;
    var under = natural <= below || (natural > above && below >= above);
    var room = under ? below : above;
    if (natural > room) tip.style.maxHeight = Math.max(room, 0) + "px";
    tip.style.top = (under ? box.bottom + 2 : box.top - 2 - Math.min(natural, room)) + "px";
  }

  function show(wrap) {
    if (open && open !== wrap) hide(open);
    open = wrap;
    wrap.classList.remove("claim-tip-closed");
    wrap.classList.add("claim-tip-open");
    addLink(wrap);
    place(wrap);
  }

  function hide(wrap, closed) {
    wrap.classList.remove("claim-tip-open");
    if (closed) wrap.classList.add("claim-tip-closed");
    if (open === wrap) open = null;
  }

  var openAtTouch = null;  // the tooltip open when the tap began (focus opens one during the tap)
  document.addEventListener("touchstart", function () {
    touching = true;
    openAtTouch = open;
  }, { passive: true, capture: true });
  document.addEventListener("mouseover", function (event) {
    var wrap = wrapOf(event.target);
    if (wrap && !touching) show(wrap);
  });
  document.addEventListener("mouseout", function (event) {
    var wrap = wrapOf(event.target);
    if (wrap && !touching && !wrap.contains(event.relatedTarget)) hide(wrap);
  });
  document.addEventListener("focusin", function (event) {
    var wrap = wrapOf(event.target);
    if (wrap) show(wrap);
  });
  document.addEventListener("focusout", function (event) {
    var wrap = wrapOf(event.target);
    if (wrap && !wrap.contains(event.relatedTarget)) hide(wrap);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) hide(open, true);
  });
  document.addEventListener("click", function (event) {
    var wrap = wrapOf(event.target);
    var onMarker = event.target.closest && event.target.closest(".claim-marker");
    if (touching && onMarker && wrap && openAtTouch !== wrap) {
      event.preventDefault();  // the first tap shows what the marker stands for
      show(wrap);
      openAtTouch = wrap;
      return;
    }
    if (open && !open.contains(event.target)) hide(open, true);
  });
  window.addEventListener("scroll", function () { if (open) place(open); }, { passive: true, capture: true });
  window.addEventListener("resize", function () { if (open) place(open); });
})();
