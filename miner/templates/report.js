// The interactive heatmap of report.html. Everything is built with textContent, never innerHTML:
// the quotes come from documents and must not be able to inject markup or script.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("miner-data").textContent);
  var state = { view: D.views.length ? D.views[0].id : "document", type: "all", value: "count", cell: null };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function viewOf(id) { for (var i = 0; i < D.views.length; i++) if (D.views[i].id === id) return D.views[i]; return D.views[0]; }
  function typeIndex(id) { for (var i = 0; i < D.types.length; i++) if (D.types[i].id === id) return i; return -1; }
  function typeLabel(id) { var i = typeIndex(id); return i < 0 ? "all types" : D.types[i].label; }
  function fmt(v, value) {
    if (value === "share") return v ? (Math.round(v * 1000) / 10) + "%" : "0";
    return String(v);
  }
  function colour(v, max) {
    if (!v || !max) return ["#ffffff", "#b9c2cc"];
    var f = Math.sqrt(v / max);
    var r = Math.round(255 - f * (255 - 40)), g = Math.round(255 - f * (255 - 100)), b = Math.round(255 - f * (255 - 170));
    return ["rgb(" + r + "," + g + "," + b + ")", f > 0.55 ? "#ffffff" : "#1d2733"];
  }

  function fillSelect(sel, options, current) {
    while (sel.firstChild) sel.removeChild(sel.firstChild);
    options.forEach(function (o) {
      var opt = el("option", null, o[1]);
      opt.value = o[0];
      if (o[0] === current) opt.selected = true;
      sel.appendChild(opt);
    });
  }

  function render() {
    var view = viewOf(state.view);
    var m = D.matrices[view.id][state.type][state.value];
    var table = document.getElementById("heatmap");
    while (table.firstChild) table.removeChild(table.firstChild);
    var max = 0;
    m.forEach(function (row) { row.forEach(function (v) { if (v > max) max = v; }); });
    var showTotals = state.value === "count";
    var thead = el("thead"), hr = el("tr");
    hr.appendChild(el("th", "corner", view.label));
    D.themes.forEach(function (t) { var th = el("th", "col", t.label); th.title = t.id; hr.appendChild(th); });
    if (showTotals) hr.appendChild(el("th", "col total", "Total"));
    thead.appendChild(hr);
    table.appendChild(thead);
    var tbody = el("tbody"), colTotals = D.themes.map(function () { return 0; }), grand = 0;
    view.rows.forEach(function (row, r) {
      var tr = el("tr"), th = el("th", "row", row.label), rowTotal = 0;
      th.title = row.title ? row.label + " (" + row.title + ")" : row.label;
      tr.appendChild(th);
      D.themes.forEach(function (t, c) {
        var v = m[r][c], cols = colour(v, max);
        var td = el("td", "cell" + (v ? "" : " zero"), fmt(v, state.value));
        td.style.background = cols[0];
        td.style.color = cols[1];
        td.setAttribute("data-row", String(r));
        td.setAttribute("data-theme", t.id);
        td.setAttribute("data-value", String(v));
        td.title = row.label + " \u00d7 " + t.label + ": " + fmt(v, state.value);
        if (v) {
          td.tabIndex = 0;
          td.addEventListener("click", function () { select(r, c, td); });
          td.addEventListener("keydown", function (ev) {
            if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(r, c, td); }
          });
        }
        if (state.cell && state.cell[0] === r && state.cell[1] === c) td.classList.add("selected");
        tr.appendChild(td);
        rowTotal += v; colTotals[c] += v; grand += v;
      });
      if (showTotals) tr.appendChild(el("td", "total", rowTotal));
      tbody.appendChild(tr);
    });
    if (showTotals) {
      var tr = el("tr");
      tr.appendChild(el("th", "row total", "Total"));
      colTotals.forEach(function (v) { tr.appendChild(el("td", "total", v)); });
      tr.appendChild(el("td", "total", grand));
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    document.getElementById("heatmap-caption").textContent =
      view.label + " \u00d7 themes, " + typeLabel(state.type) + ", " + D.valueNotes[state.value];
    if (state.cell) showQuotes(state.cell[0], state.cell[1]); else clearQuotes();
  }

  function clearQuotes() {
    var box = document.getElementById("quotes");
    while (box.firstChild) box.removeChild(box.firstChild);
    box.setAttribute("data-codings", "0");
    box.appendChild(el("p", "empty", "Click a coloured cell to read the passages behind it."));
  }

  function select(r, c, td) {
    state.cell = [r, c];
    var prev = document.querySelectorAll("#heatmap td.selected");
    for (var i = 0; i < prev.length; i++) prev[i].classList.remove("selected");
    td.classList.add("selected");
    showQuotes(r, c);
    var box = document.getElementById("quotes");
    if (box.scrollIntoView) box.scrollIntoView({ block: "nearest" });
  }

  function showQuotes(r, c) {
    var view = viewOf(state.view), rowOf = D.rowOf[view.id], ty = typeIndex(state.type);
    var byPassage = {}, order = [], n = 0;
    D.codings.forEach(function (cd, i) {
      if (rowOf[i] !== r || cd[2] !== c || (ty >= 0 && cd[1] !== ty)) return;
      n++;
      var q = byPassage[cd[0]];
      if (!q) { q = byPassage[cd[0]] = { p: cd[0], types: [], score: 0 }; order.push(q); }
      q.types.push(D.types[cd[1]].id);
      if (cd[3] > q.score) q.score = cd[3];
    });
    order.sort(function (a, b) { return b.score - a.score || a.p - b.p; });
    var box = document.getElementById("quotes");
    while (box.firstChild) box.removeChild(box.firstChild);
    box.setAttribute("data-codings", String(n));
    box.setAttribute("data-passages", String(order.length));
    if (!n) { clearQuotes(); return; }
    box.appendChild(el("h3", null, view.rows[r].label + " \u00d7 " + D.themes[c].label + " (" + typeLabel(state.type) + ")"));
    box.appendChild(el("p", "note", n + " coding" + (n === 1 ? "" : "s") + " in " + order.length + " passage" +
      (order.length === 1 ? "" : "s") + ", strongest first."));
    order.forEach(function (q) {
      var p = D.passages[q.p], doc = D.docs[p[0]];
      var div = el("div", "quote");
      div.setAttribute("data-passage", p[6]);
      div.appendChild(el("div", "text", "\u201c" + p[5] + "\u201d"));
      var meta = el("div", "meta");
      q.types.forEach(function (t) { meta.appendChild(el("span", "tag t-" + t, typeLabel(t))); });
      var where = [doc.title || doc.id];
      if (p[1] !== null) where.push("p. " + p[1]);
      if (p[2]) where.push(p[2]);
      if (p[3]) where.push(p[3]);
      if (p[4]) where.push(p[4]);
      where.push("score " + q.score.toFixed(2));
      meta.appendChild(document.createTextNode(where.join(" \u00b7 ")));
      meta.appendChild(el("span", "pid", p[6]));
      div.appendChild(meta);
      box.appendChild(div);
    });
  }

  function setup() {
    var vs = document.getElementById("rows-filter"), ts = document.getElementById("type-filter"), xs = document.getElementById("value-filter");
    fillSelect(vs, D.views.map(function (v) { return [v.id, v.label]; }), state.view);
    fillSelect(ts, [["all", "All types"]].concat(D.types.map(function (t) { return [t.id, t.label]; })), state.type);
    fillSelect(xs, D.values.map(function (v) { return [v, v]; }), state.value);
    vs.addEventListener("change", function () { state.view = vs.value; state.cell = null; render(); });
    ts.addEventListener("change", function () { state.type = ts.value; render(); });
    xs.addEventListener("change", function () { state.value = xs.value; render(); });
    render();
    document.body.setAttribute("data-ready", "1");
  }
  setup();
})();
