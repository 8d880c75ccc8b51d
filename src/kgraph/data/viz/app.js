/* kgraph view: legend, filters, search, side panel and bounded layout.
 * All graph text is data: it reaches the page through textContent or plain-text vis
 * tooltips, never through innerHTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kgraph-data").textContent);
  var FONT = data.font;
  var SOURCES = { text: "句子陈述", structure: "文档结构（标题）", gazetteer: "行政区划库" };
  var EV_SHOWN = 50;
  var LINKS_SHOWN = 60;
  var DIM = { background: "rgba(205,210,216,0.45)", border: "rgba(180,186,194,0.45)" };
  var DIM_FONT = "rgba(120,130,140,0.35)";

  var classInfo = {};
  data.classes.forEach(function (c) { classInfo[c.name] = c; });
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  var incident = {};
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    (incident[e.from] = incident[e.from] || []).push(e);
    if (e.to !== e.from) { (incident[e.to] = incident[e.to] || []).push(e); }
  });

  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) { x.className = cls; }
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    return x;
  }
  function colorOf(cls) { return (classInfo[cls] || { color: "#8a8f98" }).color; }
  function swatch(cls) {
    var s = el("span", "kg-swatch");
    s.style.background = colorOf(cls);
    return s;
  }
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().trim(); }

  /* ---- vis data ---- */
  function nodeStyle(n, dim) {
    var c = colorOf(n.cls);
    return {
      id: n.id,
      color: dim ? { background: DIM.background, border: DIM.border,
        highlight: { background: c, border: "#1f2933" }, hover: { background: c, border: "#1f2933" } }
        : { background: c, border: "#33404d", highlight: { background: c, border: "#1f2933" },
          hover: { background: c, border: "#1f2933" } },
      font: { color: dim ? DIM_FONT : "#1f2933" }
    };
  }
  function tooltip(n) {
    var c = classInfo[n.cls];
    return n.label + "\n" + (c ? c.zh + " " + n.cls : n.cls) + " · 提及 " + n.count + " 次 · 关系 " + n.deg;
  }
  /* Products whose condition nodes are shown; a folded condition shows with any of them. */
  var expanded = {};
  var hiddenClasses = {};
  function nodeHidden(n) {
    if (hiddenClasses[n.cls]) { return true; }
    if (!n.folded) { return false; }
    return !(incident[n.id] || []).some(function (e) { return expanded[e.from]; });
  }
  function edgeHidden(e) { return nodeHidden(byId[e.from]) || nodeHidden(byId[e.to]); }
  var visNodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = nodeStyle(n, false);
    item.label = n.short;
    item.title = tooltip(n);
    item.size = n.size;
    item.x = n.x;
    item.y = n.y;
    item.hidden = nodeHidden(n);
    return item;
  }));
  var visEdges = new vis.DataSet(data.edges.map(function (e) {
    var a = byId[e.from], b = byId[e.to];
    var item = {
      id: e.id, from: e.from, to: e.to,
      title: a.label + " —" + e.relZh + "→ " + b.label + "\n" + e.rel +
        (e.evTotal ? " · " + e.evTotal + " 个出处句子" : ""),
      hidden: edgeHidden(e)
    };
    if (data.view.edgeLabels) { item.label = e.relZh; }
    if (e.curve) {
      item.smooth = { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve) };
    }
    if (e.src === "gazetteer") { item.dashes = true; }
    return item;
  }));

  var container = document.getElementById("kg-graph");
  var options = {
    autoResize: true,
    layout: { randomSeed: data.view.seed, improvedLayout: data.view.improvedLayout },
    physics: {
      enabled: data.view.physics,
      solver: "barnesHut",
      barnesHut: { gravitationalConstant: -5000, centralGravity: 0.7, springLength: 140,
        springConstant: 0.04, damping: 0.35, avoidOverlap: 0.2 },
      stabilization: { enabled: data.view.physics, iterations: data.view.iterations,
        updateInterval: data.view.large ? 10 : 25, fit: true },
      minVelocity: 1.0
    },
    interaction: { hover: true, tooltipDelay: 250, hideEdgesOnDrag: data.view.large,
      hideEdgesOnZoom: data.view.large, keyboard: false, multiselect: false },
    nodes: {
      shape: "dot", borderWidth: 1.5, borderWidthSelected: 3,
      font: { face: FONT, size: 15, color: "#1f2933", strokeWidth: 4, strokeColor: "#ffffff" }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.55 } },
      color: { color: "#a5afba", highlight: "#d9480f", hover: "#52606d", inherit: false },
      font: { face: FONT, size: 11, color: "#52606d", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      width: 1.2, selectionWidth: 2, hoverWidth: 1.5, smooth: false
    }
  };
  var t0 = performance.now();
  var network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, options);
  var timings = { constructMs: Math.round(performance.now() - t0), iterations: 0 };
  var loading = document.getElementById("kg-loading");
  var done = false;
  function ready() {
    if (done) { return; }
    done = true;
    if (data.view.physics) { network.setOptions({ physics: { enabled: false } }); }
    api.stabilizeMs = timings.readyMs = Math.round(performance.now() - t0);
    document.body.dataset.ready = "1";
  }
  network.on("stabilizationProgress", function (p) {
    loading.textContent = "布局计算中… " + Math.round(100 * p.iterations / p.total) + "%";
    timings.iterations = p.iterations;
    if (performance.now() - t0 > data.view.budgetMs) { network.stopSimulation(); }
  });
  network.on("stabilizationIterationsDone", ready);
  network.once("stabilized", ready);

  /* ---- header, legend, filters ---- */
  document.getElementById("kg-title").textContent = data.title;
  document.getElementById("kg-summary").textContent = data.info.summary;
  var legend = document.getElementById("kg-legend");
  data.classes.forEach(function (c) {
    var li = el("li");
    li.dataset.cls = c.name;
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.disabled = c.count === 0;
    box.dataset.cls = c.name;
    box.addEventListener("change", function () { setClassVisible(c.name, box.checked); });
    label.appendChild(box);
    label.appendChild(swatch(c.name));
    label.appendChild(el("span", "kg-zh", c.zh));
    label.appendChild(el("span", "kg-en", c.name));
    label.appendChild(el("span", "kg-count", c.count === c.total ? c.count : c.count + " / " + c.total));
    li.appendChild(label);
    legend.appendChild(li);
  });
  (function omitted() {
    var info = data.info;
    if (info.shownNodes === info.totalNodes && !info.focus.length && !info.types.length) { return; }
    var box = document.getElementById("kg-omitted");
    box.hidden = false;
    box.appendChild(el("p", "kg-shown", "显示 " + info.shownNodes + " / " + info.totalNodes + " 个节点"));
    var why = [];
    if (info.focus.length) { why.push("以「" + info.focus.join("、") + "」为中心，" + info.depth + " 层邻居"); }
    if (info.types.length) { why.push("只含类别 " + info.types.join(", ")); }
    if (info.maxNodes !== null && info.maxNodes !== undefined) { why.push("最多 " + info.maxNodes + " 个节点（按关系数排序）"); }
    if (why.length) { box.appendChild(el("p", null, "视图：" + why.join("；"))); }
    if (info.omittedByClass.length) {
      box.appendChild(el("p", null, "未显示：" + info.omittedByClass.map(function (r) {
        return r[1] + " " + r[2];
      }).join("，")));
    }
    if (info.omittedTop.length) {
      box.appendChild(el("p", "kg-hint", "未显示中关系最多的：" + info.omittedTop.join("、")));
    }
  })();

  function refreshHidden() {
    visNodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: nodeHidden(n) }; }));
    visEdges.update(data.edges.map(function (e) { return { id: e.id, hidden: edgeHidden(e) }; }));
  }
  function setClassVisible(cls, visible) {
    if (visible) { delete hiddenClasses[cls]; } else { hiddenClasses[cls] = true; }
    var box = legend.querySelector("input[data-cls='" + CSS.escape(cls) + "']");
    if (box) { box.checked = visible; }
    refreshHidden();
  }
  function setExpanded(id, open) {
    if (open) { expanded[id] = true; } else { delete expanded[id]; }
    refreshHidden();
  }

  /* ---- neighbour highlight: rings drawn over the canvas; small graphs also dim the rest ---- */
  var dimmed = false;
  var rings = [];
  network.on("afterDrawing", function (ctx) {
    if (!rings.length) { return; }
    var pos = network.getPositions(rings);
    ctx.save();
    ctx.strokeStyle = "#d9480f";
    ctx.lineWidth = 2.5;
    rings.forEach(function (id) {
      var p = pos[id], n = byId[id];
      if (!p || nodeHidden(n)) { return; }
      ctx.beginPath();
      ctx.arc(p.x, p.y, n.size + 4, 0, 2 * Math.PI);
      ctx.stroke();
    });
    ctx.restore();
  });
  function highlight(nodeIds) {
    var keep = {};
    nodeIds.forEach(function (id) {
      keep[id] = true;
      network.getConnectedNodes(id).forEach(function (m) { keep[m] = true; });
    });
    rings = Object.keys(keep).filter(function (id) { return nodeIds.indexOf(id) < 0; });
    if (!data.view.large) {
      visNodes.update(data.nodes.map(function (n) { return nodeStyle(n, !keep[n.id]); }));
      dimmed = true;
    }
    network.redraw();
  }
  function clearHighlight() {
    rings = [];
    if (dimmed) {
      visNodes.update(data.nodes.map(function (n) { return nodeStyle(n, false); }));
      dimmed = false;
    }
    network.redraw();
  }

  /* ---- side panel ---- */
  var detail = document.getElementById("kg-detail");
  function sentence(text, terms) {
    var box = el("div", "kg-sent");
    var rest = String(text);
    var words = terms.filter(function (t) { return t; }).sort(function (a, b) { return b.length - a.length; });
    while (rest) {
      var best = -1, hit = "";
      words.forEach(function (w) {
        var i = rest.indexOf(w);
        if (i >= 0 && (best < 0 || i < best)) { best = i; hit = w; }
      });
      if (best < 0) { box.appendChild(document.createTextNode(rest)); break; }
      box.appendChild(document.createTextNode(rest.slice(0, best)));
      box.appendChild(el("mark", null, hit));
      rest = rest.slice(best + hit.length);
    }
    return box;
  }
  function evidenceList(ev, total, terms) {
    var wrap = el("div");
    wrap.appendChild(el("h4", null, "出处句子（" + total + "）"));
    if (!ev.length) {
      wrap.appendChild(el("p", "kg-hint", "没有句子证据。"));
      return wrap;
    }
    var ul = el("ul", "kg-ev");
    ev.slice(0, EV_SHOWN).forEach(function (row) {
      var doc = data.docs[row[0]] || ["", "", ""];
      var li = el("li");
      li.appendChild(el("div", "kg-doc", "《" + doc[0] + "》" + (doc[1] ? " · " + doc[1] : "")));
      li.appendChild(sentence(row[1], terms));
      ul.appendChild(li);
    });
    wrap.appendChild(ul);
    if (total > EV_SHOWN) { wrap.appendChild(el("p", "kg-more", "另有 " + (total - EV_SHOWN) + " 句未列出")); }
    return wrap;
  }
  function kindLine(cls) {
    var c = classInfo[cls];
    var p = el("div", "kg-kind");
    p.appendChild(swatch(cls));
    p.appendChild(el("span", null, c ? c.zh + " · " + cls : cls));
    return p;
  }
  function fieldList(rows) {
    var dl = el("dl");
    rows.forEach(function (r) {
      if (r[1] === "" || r[1] === null || r[1] === undefined) { return; }
      dl.appendChild(el("dt", null, r[0]));
      dl.appendChild(el("dd", null, r[1]));
    });
    return dl;
  }
  function nodeLink(id) {
    var b = el("button", "kg-link", byId[id].label);
    b.type = "button";
    b.addEventListener("click", function () { selectNode(id, true); });
    return b;
  }
  function showNode(id) {
    var n = byId[id];
    detail.replaceChildren();
    detail.dataset.kind = "node";
    detail.dataset.id = id;
    detail.appendChild(kindLine(n.cls));
    detail.appendChild(el("h3", "kg-label", n.label));
    var rows = [["类别", n.cls]];
    rows.push(["别名", n.aliases.join("、") || "—"]);
    n.fields.forEach(function (f) { rows.push([f[1] + "（" + f[0] + "）", f[2]]); });
    rows.push(["提及次数", n.count], ["文档数", n.docs], ["关系数", n.deg]);
    detail.appendChild(fieldList(rows));
    if (n.conds.length) { detail.appendChild(conditionTable(n)); }
    detail.appendChild(evidenceList(n.ev, n.evTotal, [n.label].concat(n.aliases)));
    var links = incident[id] || [];
    if (links.length) {
      detail.appendChild(el("h4", null, "关系（" + links.length + "）"));
      var ul = el("ul", "kg-links");
      links.slice(0, LINKS_SHOWN).forEach(function (e) {
        var li = el("li");
        var out = e.from === id;
        var rel = el("button", "kg-link kg-rel", (out ? "" : "← ") + e.relZh + (out ? " →" : ""));
        rel.type = "button";
        rel.title = e.rel;
        rel.addEventListener("click", function () { selectEdge(e.id); });
        li.appendChild(rel);
        li.appendChild(nodeLink(out ? e.to : e.from));
        ul.appendChild(li);
      });
      detail.appendChild(ul);
      if (links.length > LINKS_SHOWN) { detail.appendChild(el("p", "kg-more", "另有 " + (links.length - LINKS_SHOWN) + " 条未列出")); }
    }
  }
  function conditionTable(n) {
    var wrap = el("div", "kg-conds");
    wrap.appendChild(el("h4", null, "贷款条件（" + n.conds.length + "）"));
    var toggle = el("button", "kg-expand", expanded[n.id] ? "收起条件节点" : "在图中展开条件节点");
    toggle.type = "button";
    toggle.addEventListener("click", function () {
      setExpanded(n.id, !expanded[n.id]);
      toggle.textContent = expanded[n.id] ? "收起条件节点" : "在图中展开条件节点";
    });
    wrap.appendChild(toggle);
    var table = el("table", "kg-cond-table");
    var head = el("tr");
    ["条件", "规范指标", "适用范围", "阶段"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    table.appendChild(head);
    n.conds.forEach(function (c) {
      var tr = el("tr");
      var cell = el("td");
      cell.appendChild(nodeLink(c[0]));
      tr.appendChild(cell);
      tr.appendChild(el("td", null, c[2]));
      tr.appendChild(el("td", null, c[3]));
      tr.appendChild(el("td", null, c[4] === "post_loan" ? "放款后" : c[4]));
      table.appendChild(tr);
    });
    wrap.appendChild(table);
    return wrap;
  }
  function showEdge(id) {
    var e = edgeById[id];
    var a = byId[e.from], b = byId[e.to];
    detail.replaceChildren();
    detail.dataset.kind = "edge";
    detail.dataset.id = id;
    detail.appendChild(el("div", "kg-kind", "关系"));
    var head = el("h3", "kg-label", e.relZh);
    head.title = e.rel;
    detail.appendChild(head);
    var dl = fieldList([["关系", e.relZh + "（" + e.rel + "）"],
      ["来源", SOURCES[e.src] ? SOURCES[e.src] + "（" + e.src + "）" : e.src]]);
    dl.appendChild(el("dt", null, "从"));
    var dd = el("dd");
    dd.appendChild(nodeLink(e.from));
    dl.appendChild(dd);
    dl.appendChild(el("dt", null, "到"));
    dd = el("dd");
    dd.appendChild(nodeLink(e.to));
    dl.appendChild(dd);
    detail.appendChild(dl);
    var terms = [a.label, b.label].concat(a.aliases, b.aliases);
    detail.appendChild(evidenceList(e.ev, e.evTotal, terms));
  }
  function clearPanel() {
    detail.replaceChildren(el("p", "kg-hint", "点击节点或关系，查看其字段与出处句子。"));
    delete detail.dataset.kind;
    delete detail.dataset.id;
  }

  function selectNode(id, focus) {
    var n = byId[id];
    if (!n) { return; }
    if (hiddenClasses[n.cls]) { setClassVisible(n.cls, true); }
    if (nodeHidden(n)) {  // a folded condition: open the products requiring it
      (incident[id] || []).forEach(function (e) { expanded[e.from] = true; });
      refreshHidden();
    }
    network.selectNodes([id], true);
    highlight([id]);
    showNode(id);
    if (focus) {
      api.animating = true;
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    }
  }
  function selectEdge(id) {
    var e = edgeById[id];
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    highlight([e.from, e.to]);
    showEdge(id);
  }
  network.on("animationFinished", function () { api.animating = false; });
  network.on("click", function (p) {
    if (p.nodes.length) { selectNode(p.nodes[0], false); }
    else if (p.edges.length) { selectEdge(p.edges[0]); }
    else { clearHighlight(); clearPanel(); }
  });

  /* ---- search ---- */
  var index = data.nodes.map(function (n) {
    return { id: n.id, keys: [norm(n.label)].concat(n.aliases.map(norm)) };
  });
  var input = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var current = [];
  function search(q) {
    var k = norm(q);
    if (!k) { return []; }
    var hits = [];
    index.forEach(function (row) {
      var rank = 9, via = null;
      row.keys.forEach(function (key, i) {
        var r = key === k ? 0 : key.indexOf(k) === 0 ? 1 : key.indexOf(k) > 0 ? 2 : 9;
        if (r < 9) { r = r * 2 + (i > 0 ? 1 : 0); }
        if (r < rank) { rank = r; via = i > 0 ? byId[row.id].aliases[i - 1] : null; }
      });
      if (rank < 9) { hits.push({ id: row.id, rank: rank, via: via }); }
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || byId[b.id].deg - byId[a.id].deg || (a.id < b.id ? -1 : 1);
    });
    return hits.slice(0, 30);
  }
  function choose(hit) {
    results.hidden = true;
    input.value = byId[hit.id].label;
    selectNode(hit.id, true);
  }
  function renderResults() {
    current = search(input.value);
    results.replaceChildren();
    if (!norm(input.value)) { results.hidden = true; return; }
    if (!current.length) {
      results.appendChild(el("li", "kg-none", "没有匹配的实体"));
    }
    current.forEach(function (hit, i) {
      var n = byId[hit.id];
      var li = el("li");
      var b = el("button", i === 0 ? "kg-active" : null);
      b.type = "button";
      b.appendChild(swatch(n.cls));
      b.appendChild(el("span", "kg-name", n.label));
      b.appendChild(el("span", "kg-via", hit.via ? "别名：" + hit.via : (classInfo[n.cls] || { zh: n.cls }).zh));
      b.addEventListener("click", function () { choose(hit); });
      li.appendChild(b);
      results.appendChild(li);
    });
    results.hidden = false;
  }
  input.addEventListener("input", renderResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      renderResults();
      if (current.length) { choose(current[0]); }
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  document.addEventListener("click", function (ev) {
    if (!document.getElementById("kg-search-wrap").contains(ev.target)) { results.hidden = true; }
  });

  /* For tests, benchmarks and the console. */
  var api = {
    data: data, nodes: visNodes, edges: visEdges, network: network, search: search,
    selectNode: selectNode, selectEdge: selectEdge, setClassVisible: setClassVisible,
    setExpanded: setExpanded,
    stabilizeMs: null, timings: timings, animating: false
  };
  window.kgraph = api;
  window.network = network;
  if (data.nodes.length === 0 || !data.view.physics) {  // laid out in Python: drawn at once
    network.fit({ animation: false });
    ready();
  }
})();
