/* kronika dashboard: draws the timeline, map and network from the JSON API.
 * Data never goes through innerHTML: text is set with textContent and SVG is built node by
 * node, so article text, names and quotes cannot become markup. */
"use strict";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function html(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    const message = body && body.error ? body.error.message : response.statusText;
    throw new Error(message);
  }
  return body;
}

function fail(figure, error) {
  figure.replaceChildren(html("p", { class: "error" }, error.message || String(error)));
}

function empty(figure, message) {
  figure.replaceChildren(html("p", { class: "hint" }, message));
}

/* Red for conflict (-10), grey at 0, green for cooperation (+10). */
function goldsteinColour(value) {
  if (value === null || value === undefined) return "#7f8c8d";
  const t = Math.max(-1, Math.min(1, value / 10));
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const [from, to, f] = t < 0 ? [[140, 140, 140], [192, 57, 43], -t] : [[140, 140, 140], [30, 132, 73], t];
  return `rgb(${mix(from[0], to[0], f)},${mix(from[1], to[1], f)},${mix(from[2], to[2], f)})`;
}

/* The browser shows an SVG <title> on hover; it is text, never markup. */
function hover(node, text) {
  node.appendChild(svg("title", {}, text));
}

/* --- timeline: bars for events per period, a line for mean Goldstein ------------------ */

async function drawTimeline(figure) {
  let data;
  try {
    data = await getJSON(figure.dataset.api);
  } catch (error) {
    return fail(figure, error);
  }
  const rows = data.items;
  if (!rows.length) return empty(figure, "No dated events match these filters.");
  const W = 960, H = 360, left = 48, right = 48, top = 16, bottom = 56;
  const plotW = W - left - right, plotH = H - top - bottom;
  const most = Math.max(...rows.map((r) => r.events));
  const step = plotW / rows.length;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "timeline" });
  const y = (n) => top + plotH - (n / most) * plotH;
  const g = (v) => top + plotH / 2 - (v / 10) * (plotH / 2);
  for (const v of [-10, -5, 0, 5, 10]) {
    chart.appendChild(svg("line", { class: "grid", x1: left, x2: W - right, y1: g(v), y2: g(v) }));
    chart.appendChild(svg("text", { x: W - right + 6, y: g(v) + 4 }, v));
  }
  const tick = Math.max(1, Math.ceil(most / 5));
  for (let n = 0; n <= most; n += tick) {
    chart.appendChild(svg("text", { x: left - 6, y: y(n) + 4, "text-anchor": "end" }, n));
  }
  chart.appendChild(svg("line", { class: "axis", x1: left, x2: W - right, y1: top + plotH, y2: top + plotH }));
  const every = Math.max(1, Math.ceil(rows.length / 12));
  const points = [];
  rows.forEach((row, i) => {
    const x = left + i * step;
    const width = Math.max(1, Math.min(48, step * 0.8));
    const bar = svg("rect", {
      class: "bar-rect",
      x: x + (step - width) / 2,
      width,
      y: y(row.events),
      height: top + plotH - y(row.events),
      "data-period": row.period,
    });
    hover(bar, `${row.period}\n${row.events} events, ${row.mentions} mentions\nmean Goldstein ${row.goldstein ?? "–"}`);
    chart.appendChild(bar);
    if (row.goldstein !== null) points.push([x + step / 2, g(row.goldstein), row]);
    if (i % every === 0) {
      chart.appendChild(svg("text", { x: x + step / 2, y: top + plotH + 16, "text-anchor": "middle" }, row.period));
    }
  });
  if (points.length) {
    chart.appendChild(svg("path", { class: "gline", d: points.map((p, i) => `${i ? "L" : "M"}${p[0].toFixed(1)},${p[1].toFixed(1)}`).join("") }));
    for (const [px, py] of points) chart.appendChild(svg("circle", { class: "gdot", cx: px, cy: py, r: 2.5 }));
  }
  chart.appendChild(svg("text", { x: left, y: H - 8 }, `events per ${figure.dataset.by} (left axis)`));
  chart.appendChild(svg("text", { x: W - right, y: H - 8, "text-anchor": "end" }, "mean Goldstein (right axis)"));
  figure.replaceChildren(chart);
}

/* --- map: equirectangular world outline from the bundled GeoJSON, one circle per place -- */

async function drawMap(figure) {
  let world, data;
  try {
    [world, data] = await Promise.all([getJSON(figure.dataset.world), getJSON(figure.dataset.api)]);
  } catch (error) {
    return fail(figure, error);
  }
  const W = 960, H = 480;
  const px = (lon) => ((lon + 180) / 360) * W;
  const py = (lat) => ((90 - lat) / 180) * H;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "map of event locations" });
  chart.appendChild(svg("rect", { class: "ocean", x: 0, y: 0, width: W, height: H }));
  // A ring that jumps across the antimeridian is drawn as separate pieces, not a line
  // across the whole map.
  const ring = (coords) => {
    let d = "", broken = false;
    coords.forEach((c, i) => {
      const jump = i > 0 && Math.abs(c[0] - coords[i - 1][0]) > 180;
      broken = broken || jump;
      d += `${i === 0 || jump ? "M" : "L"}${px(c[0]).toFixed(1)},${py(c[1]).toFixed(1)}`;
    });
    return broken ? d : d + "Z";
  };
  for (const feature of world.features) {
    const geometry = feature.geometry;
    if (!geometry) continue;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    const path = svg("path", { class: "land", d: polygons.map((p) => p.map(ring).join("")).join("") });
    path.appendChild(svg("title", {}, feature.properties.name));
    chart.appendChild(path);
  }
  const places = data.items;
  const most = Math.max(1, ...places.map((p) => p.events));
  const link = new URL(figure.dataset.events, window.location.href);
  for (const place of [...places].reverse()) {
    const dot = svg("circle", {
      class: "dot",
      cx: px(place.lon),
      cy: py(place.lat),
      r: 2.5 + 12 * Math.sqrt(place.events / most),
      fill: goldsteinColour(place.goldstein),
      "data-place": place.name || "",
    });
    hover(dot, `${place.name || "?"} (${place.country || "?"})\n${place.events} events, ${place.mentions} mentions\nmean Goldstein ${place.goldstein ?? "–"}`);
    dot.addEventListener("click", () => {
      link.searchParams.set("place", place.name || place.country || "");
      window.location.href = link.toString();
    });
    chart.appendChild(dot);
  }
  figure.replaceChildren(chart);
  if (!places.length) figure.appendChild(html("p", { class: "hint" }, "No events with coordinates match these filters."));
  const body = document.querySelector("#map-table tbody");
  if (body) {
    for (const place of places.slice(0, 50)) {
      const row = html("tr");
      for (const value of [place.name, place.country, place.events, place.mentions, place.goldstein]) {
        row.appendChild(html("td", {}, value ?? ""));
      }
      body.appendChild(row);
    }
  }
}

/* --- network: a small force layout (repulsion, springs, gravity), drawn in SVG --------- */

function layout(nodes, edges, W, H) {
  const n = nodes.length;
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, n);
    node.x = W / 2 + (W / 3) * Math.cos(angle);
    node.y = H / 2 + (H / 3) * Math.sin(angle);
    node.vx = 0;
    node.vy = 0;
  });
  const ideal = Math.min(140, Math.sqrt((W * H) / Math.max(1, n)) * 0.8);
  for (let tick = 0; tick < 300; tick++) {
    const cooling = 1 - tick / 300;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d2 = Math.max(dx * dx + dy * dy, 1);
        const force = (ideal * ideal) / d2;
        dx *= force / Math.sqrt(d2);
        dy *= force / Math.sqrt(d2);
        a.vx += dx; a.vy += dy; b.vx -= dx; b.vy -= dy;
      }
    }
    for (const edge of edges) {
      const a = edge.from, b = edge.to;
      if (a === b) continue;
      const dx = b.x - a.x, dy = b.y - a.y;
      const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
      const pull = ((d - ideal) / d) * 0.1;
      a.vx += dx * pull; a.vy += dy * pull; b.vx -= dx * pull; b.vy -= dy * pull;
    }
    for (const node of nodes) {
      node.vx += (W / 2 - node.x) * 0.01;
      node.vy += (H / 2 - node.y) * 0.01;
      const speed = Math.sqrt(node.vx * node.vx + node.vy * node.vy);
      const cap = 20 * cooling + 1;
      if (speed > cap) { node.vx *= cap / speed; node.vy *= cap / speed; }
      node.x = Math.max(20, Math.min(W - 20, node.x + node.vx));
      node.y = Math.max(20, Math.min(H - 20, node.y + node.vy));
      node.vx *= 0.5; node.vy *= 0.5;
    }
  }
}

async function drawNetwork(figure) {
  let data;
  try {
    data = await getJSON(figure.dataset.api);
  } catch (error) {
    return fail(figure, error);
  }
  if (!data.edges.length) return empty(figure, "No events with both a source and a target match these filters.");
  const W = 960, H = 600;
  const nodes = data.nodes.map((node) => ({ ...node, weight: 0 }));
  const byCode = new Map(nodes.map((node) => [node.code, node]));
  const edges = data.edges.map((edge) => ({ ...edge, from: byCode.get(edge.source), to: byCode.get(edge.target) }));
  for (const edge of edges) { edge.from.weight += edge.events; edge.to.weight += edge.events; }
  layout(nodes, edges, W, H);
  const most = Math.max(...edges.map((e) => e.events));
  const heaviest = Math.max(...nodes.map((n) => n.weight));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" });
  const defs = svg("defs");
  const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerUnits: "userSpaceOnUse", markerWidth: 9, markerHeight: 9, orient: "auto-start-reverse" });
  marker.appendChild(svg("path", { d: "M0,0L10,5L0,10z", fill: "#7f8c8d" }));
  defs.appendChild(marker);
  chart.appendChild(defs);
  const radius = (node) => 5 + 13 * Math.sqrt(node.weight / heaviest);
  const edgeLayer = svg("g"), nodeLayer = svg("g");
  chart.append(edgeLayer, nodeLayer);
  const place = (edge) => {
    const a = edge.from, b = edge.to;
    if (a === b) {
      edge.path.setAttribute("d", `M${a.x},${a.y - radius(a)}c-25,-35 25,-35 0,0`);
      return;
    }
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
    const ex = b.x - (dx / d) * (radius(b) + 2), ey = b.y - (dy / d) * (radius(b) + 2);
    // a slight curve keeps A→B and B→A apart
    const mx = (a.x + ex) / 2 - dy * 0.08, my = (a.y + ey) / 2 + dx * 0.08;
    edge.path.setAttribute("d", `M${a.x.toFixed(1)},${a.y.toFixed(1)}Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`);
  };
  for (const edge of edges) {
    edge.path = svg("path", {
      class: "edge",
      stroke: goldsteinColour(edge.goldstein),
      "stroke-width": 1 + 5 * (edge.events / most),
      "marker-end": "url(#arrow)",
    });
    hover(edge.path, `${edge.source} → ${edge.target}\n${edge.events} events, ${edge.mentions} mentions\nmean Goldstein ${edge.goldstein ?? "–"}`);
    edgeLayer.appendChild(edge.path);
    place(edge);
  }
  let dragging = null, moved = false;
  const point = (event) => {
    const box = chart.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * W, ((event.clientY - box.top) / box.height) * H];
  };
  for (const node of nodes) {
    const group = svg("g", { class: "node", "data-code": node.code, transform: `translate(${node.x},${node.y})` });
    group.appendChild(svg("circle", { r: radius(node), fill: "#24476b" }));
    group.appendChild(svg("text", { x: radius(node) + 3, y: 4 }, node.code));
    hover(group, `${node.code} ${node.name}\n${node.weight} events as source or target`);
    group.addEventListener("pointerdown", (event) => { dragging = node; moved = false; group.setPointerCapture(event.pointerId); });
    group.addEventListener("pointermove", (event) => {
      if (dragging !== node) return;
      [node.x, node.y] = point(event);
      moved = true;
      group.setAttribute("transform", `translate(${node.x},${node.y})`);
      for (const edge of edges) if (edge.from === node || edge.to === node) place(edge);
    });
    group.addEventListener("pointerup", () => {
      dragging = null;
      if (!moved) window.location.href = `/?actor=${encodeURIComponent(node.code)}`;
    });
    nodeLayer.appendChild(group);
  }
  figure.replaceChildren(chart);
  if (data.truncated) figure.appendChild(html("p", { class: "hint" }, `Showing the ${edges.length} heaviest edges.`));
}

/* --- article view: bring the chosen sentence into view ---------------------------------- */

function focusSentence() {
  const focus = document.getElementById("focus");
  if (focus) focus.scrollIntoView({ block: "center" });
}

const VIEWS = {
  timeline: () => drawTimeline(document.getElementById("timeline")),
  map: () => drawMap(document.getElementById("map")),
  network: () => drawNetwork(document.getElementById("network")),
  document: focusSentence,
};

document.addEventListener("DOMContentLoaded", () => {
  const draw = VIEWS[document.body.dataset.view];
  if (draw) draw();
});
