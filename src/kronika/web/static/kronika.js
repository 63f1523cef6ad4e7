/* kronika dashboard: draws the timeline (d3), map (Leaflet) and network (d3) from the JSON
 * API, with the libraries served from /static/vendor/ (see its README).
 * Data never goes through innerHTML: text is set with textContent (d3's .text(), DOM
 * tooltips for Leaflet), so article text, names and quotes cannot become markup. */
"use strict";

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

/* --- timeline: bars on a real time axis (d3), a line for mean Goldstein ------------------ */

/* Each period's first and next day, as d3 UTC intervals: a week starts on Monday, as the
 * API labels it. */
const PERIODS = {
  day: { parse: "%Y-%m-%d", interval: () => d3.utcDay },
  week: { parse: "%Y-%m-%d", interval: () => d3.utcMonday },
  month: { parse: "%Y-%m", interval: () => d3.utcMonth },
  year: { parse: "%Y", interval: () => d3.utcYear },
};

async function drawTimeline(figure) {
  let data;
  try {
    data = await getJSON(figure.dataset.api);
  } catch (error) {
    return fail(figure, error);
  }
  const rows = data.items;
  if (!rows.length) return empty(figure, "No dated events match these filters.");
  const period = PERIODS[figure.dataset.by] || PERIODS.week;
  const interval = period.interval();
  const parse = d3.utcParse(period.parse);
  for (const row of rows) {
    row.start = parse(row.period);
    row.end = interval.offset(row.start, 1);
  }
  const W = 960, H = 360, left = 48, right = 48, top = 16, bottom = 56;
  // one empty period either side, so that the first and last bars do not touch the axes
  const first = interval.offset(rows[0].start, -1), last = interval.offset(rows[rows.length - 1].end, 1);
  const x = d3.scaleUtc().domain([first, last]).range([left, W - right]);
  const most = d3.max(rows, (r) => r.events);
  const y = d3.scaleLinear().domain([0, most]).nice().range([H - bottom, top]);
  const g = d3.scaleLinear().domain([-10, 10]).range([H - bottom, top]);
  const chart = d3.create("svg")
    .attr("viewBox", `0 0 ${W} ${H}`)
    .attr("role", "img")
    .attr("aria-label", "timeline");
  chart.append("g").attr("class", "grid")
    .selectAll("line").data([-10, -5, 0, 5, 10]).join("line")
    .attr("class", "grid").attr("x1", left).attr("x2", W - right)
    .attr("y1", (v) => g(v)).attr("y2", (v) => g(v));
  chart.append("g").attr("class", "x-axis")
    .attr("transform", `translate(0,${H - bottom})`)
    .call(d3.axisBottom(x).ticks(Math.min(10, d3.utcDay.count(first, last) || 1)));
  chart.append("g").attr("class", "y-axis")
    .attr("transform", `translate(${left},0)`)
    .call(d3.axisLeft(y).ticks(Math.min(5, most)).tickFormat(d3.format("d")));
  chart.append("g").attr("class", "g-axis")
    .attr("transform", `translate(${W - right},0)`)
    .call(d3.axisRight(g).tickValues([-10, -5, 0, 5, 10]));
  const bars = chart.append("g").selectAll("rect").data(rows).join("rect")
    .attr("class", "bar-rect")
    .attr("x", (r) => x(r.start) + 0.5)
    .attr("width", (r) => Math.max(1, x(r.end) - x(r.start) - 1))
    .attr("y", (r) => y(r.events))
    .attr("height", (r) => y(0) - y(r.events))
    .attr("data-period", (r) => r.period);
  bars.append("title").text((r) => `${r.period}\n${r.events} events, ${r.mentions} mentions\nmean Goldstein ${r.goldstein ?? "–"}`);
  // The Goldstein line joins neighbouring periods only: an empty period breaks it.
  const byStart = new Map(rows.map((r) => [+r.start, r]));
  const every = interval.range(first, last).map((start) => byStart.get(+start) || { start, end: interval.offset(start, 1), goldstein: null });
  const middle = (r) => x(r.start) + (x(r.end) - x(r.start)) / 2;
  if (every.length <= 20000) {
    chart.append("path").attr("class", "gline").attr("d", d3.line()
      .defined((r) => r.goldstein !== null && r.goldstein !== undefined)
      .x(middle).y((r) => g(r.goldstein))(every));
  }
  chart.append("g").selectAll("circle").data(rows.filter((r) => r.goldstein !== null)).join("circle")
    .attr("class", "gdot").attr("r", 2.5).attr("cx", middle).attr("cy", (r) => g(r.goldstein));
  chart.append("text").attr("x", left).attr("y", H - 8).text(`events per ${figure.dataset.by} (left axis)`);
  chart.append("text").attr("x", W - right).attr("y", H - 8).attr("text-anchor", "end").text("mean Goldstein (right axis)");
  figure.replaceChildren(chart.node());
}

/* --- map: Leaflet over the bundled Natural Earth outline, one circle per place ---------- */

function unwrap(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons) {
    for (const ring of rings) {
      const crosses = ring.some((c, i) => i > 0 && Math.abs(c[0] - ring[i - 1][0]) > 180);
      if (crosses) for (const c of ring) if (c[0] < 0) c[0] += 360;
    }
  }
}

async function drawMap(figure) {
  let world, data;
  try {
    [world, data] = await Promise.all([getJSON(figure.dataset.world), getJSON(figure.dataset.api)]);
  } catch (error) {
    return fail(figure, error);
  }
  figure.replaceChildren();
  const holder = html("div", { class: "map-canvas", id: "map-canvas" });
  figure.appendChild(holder);
  const map = L.map(holder, { worldCopyJump: true, minZoom: 1, maxZoom: 10, zoomSnap: 0.5, attributionControl: true });
  map.setView([20, 0], 1.5); // a view first: Leaflet draws vector layers into it
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · Leaflet");
  const countries = topojson.feature(world, world.objects.countries);
  // Antarctica is left out (no events, and its ring runs round the pole); a country that
  // crosses the antimeridian (Russia, Fiji) is drawn east of it, not as a line round the world.
  countries.features = countries.features.filter((f) => f.id !== "010");
  for (const feature of countries.features) unwrap(feature.geometry);
  L.geoJSON(countries, {
    interactive: false,
    style: () => ({ className: "land", color: "#b9b4a8", weight: 0.6, fillColor: "#f2f0ea", fillOpacity: 1 }),
  }).addTo(map);
  const places = data.items;
  const most = Math.max(1, ...places.map((p) => p.events));
  const link = new URL(figure.dataset.events, window.location.href);
  const markers = [];
  for (const place of [...places].reverse()) {
    const marker = L.circleMarker([place.lat, place.lon], {
      className: "dot",
      radius: 4 + 14 * Math.sqrt(place.events / most),
      color: "#ffffff",
      weight: 1,
      fillColor: goldsteinColour(place.goldstein),
      fillOpacity: 0.85,
    });
    // A tooltip built from text nodes: place names never become markup.
    const tip = html("div");
    tip.appendChild(html("strong", {}, `${place.name || "?"} (${place.country || "?"})`));
    tip.appendChild(html("div", {}, `${place.events} events, ${place.mentions} mentions`));
    tip.appendChild(html("div", {}, `mean Goldstein ${place.goldstein ?? "–"}`));
    marker.bindTooltip(tip);
    marker.on("click", () => {
      link.searchParams.set("place", place.name || place.country || "");
      window.location.href = link.toString();
    });
    marker.addTo(map);
    markers.push(marker);
  }
  // A view in the address (#zoom/lat/lon) is kept, so that a zoomed map can be shared.
  const view = /^#(\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(window.location.hash);
  if (view) {
    map.setView([Number(view[2]), Number(view[3])], Number(view[1]));
  } else if (markers.length) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [40, 40], maxZoom: 5 });
  }
  if (!markers.length) {
    figure.appendChild(html("p", { class: "hint" }, "No events with coordinates match these filters."));
  }
  const report = () => {
    figure.dataset.zoom = String(map.getZoom());
    const centre = map.getCenter();
    figure.dataset.centre = `${centre.lat.toFixed(2)},${centre.lng.toFixed(2)}`;
    const hash = `#${map.getZoom()}/${centre.lat.toFixed(2)}/${centre.lng.toFixed(2)}`;
    window.history.replaceState(null, "", window.location.pathname + window.location.search + hash);
  };
  map.on("zoomend moveend", report);
  report();
  figure.dataset.ready = "true";
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

/* --- network: d3's force layout, with zoom, pan and drag ------------------------------- */

async function drawNetwork(figure) {
  let data;
  try {
    data = await getJSON(figure.dataset.api);
  } catch (error) {
    return fail(figure, error);
  }
  if (!data.edges.length) return empty(figure, "No events with both a source and a target match these filters.");
  const W = 960, H = 600;
  const nodes = data.nodes.map((node) => ({ ...node }));
  const edges = data.edges.map((edge) => ({ ...edge }));
  const heaviest = d3.max(nodes, (n) => n.events);
  const most = d3.max(edges, (e) => e.events);
  const radius = (node) => 5 + 13 * Math.sqrt(node.events / heaviest);
  const colour = d3.scaleOrdinal(d3.schemeTableau10);
  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(edges).id((n) => n.code).distance(110))
    .force("charge", d3.forceManyBody().strength(-420))
    .force("collide", d3.forceCollide((n) => radius(n) + 14))
    .force("x", d3.forceX(W / 2).strength(0.06))
    .force("y", d3.forceY(H / 2).strength(0.08))
    .stop();
  for (let tick = 0; tick < 300; tick++) simulation.tick(); // laid out before it is drawn
  const chart = d3.create("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img").attr("aria-label", "actor network");
  chart.append("defs").append("marker")
    .attr("id", "arrow").attr("viewBox", "0 0 10 10").attr("refX", 10).attr("refY", 5)
    .attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 9).attr("markerHeight", 9)
    .attr("orient", "auto-start-reverse")
    .append("path").attr("d", "M0,0L10,5L0,10z").attr("fill", "#7f8c8d");
  const world = chart.append("g").attr("class", "world");
  const edgePaths = world.append("g").selectAll("path").data(edges).join("path")
    .attr("class", "edge")
    .attr("stroke", (e) => goldsteinColour(e.goldstein))
    .attr("stroke-width", (e) => 1 + 5 * (e.events / most))
    .attr("marker-end", "url(#arrow)");
  edgePaths.append("title").text((e) => `${e.source.name} → ${e.target.name}\n${e.events} events (${e.asserted} asserted), ${e.mentions} mentions\nmean Goldstein ${e.goldstein ?? "–"}\n${e.first} – ${e.last}`);
  const groups = world.append("g").selectAll("g").data(nodes).join("g")
    .attr("class", "node")
    .attr("data-code", (n) => n.code)
    .attr("data-country", (n) => n.country || "")
    .attr("data-sector", (n) => n.sector || "")
    .attr("data-first", (n) => n.first || "")
    .attr("data-last", (n) => n.last || "");
  groups.append("circle").attr("r", radius).attr("fill", (n) => colour(n.country || "?"));
  groups.append("text").attr("x", (n) => radius(n) + 3).attr("y", 4).text((n) => n.name);
  groups.append("title").text((n) => `${n.name} (${n.code})\ncountry ${n.country || "unknown"} · sector ${n.sector || "none"}\n${n.events} events, ${n.first} – ${n.last}`);
  const place = () => {
    groups.attr("transform", (n) => `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
    edgePaths.attr("d", (e) => {
      const a = e.source, b = e.target;
      if (a === b) return `M${a.x},${a.y - radius(a)}c-25,-35 25,-35 0,0`;
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1);
      const ex = b.x - (dx / d) * (radius(b) + 2), ey = b.y - (dy / d) * (radius(b) + 2);
      // a slight curve keeps A→B and B→A apart
      const mx = (a.x + ex) / 2 - dy * 0.08, my = (a.y + ey) / 2 + dx * 0.08;
      return `M${a.x.toFixed(1)},${a.y.toFixed(1)}Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`;
    });
  };
  place();
  simulation.on("tick", place);
  let moved = false;
  groups.call(d3.drag()
    .on("start", (event, n) => { moved = false; if (!event.active) simulation.alphaTarget(0.2).restart(); n.fx = n.x; n.fy = n.y; })
    .on("drag", (event, n) => { moved = true; n.fx = event.x; n.fy = event.y; })
    .on("end", (event, n) => {
      if (!event.active) simulation.alphaTarget(0);
      n.fx = null; n.fy = null;
      if (!moved) window.location.href = `/?actor=${encodeURIComponent(n.code)}&exact=true`;
    }));
  const zoom = d3.zoom().scaleExtent([0.2, 6]).on("zoom", (event) => world.attr("transform", event.transform));
  chart.call(zoom);
  // Start zoomed to the laid-out graph, with room for the labels on the right.
  const [x0, x1] = d3.extent(nodes, (n) => n.x), [y0, y1] = d3.extent(nodes, (n) => n.y);
  const scale = Math.min(2, 0.85 * Math.min(W / (x1 - x0 + 160 || 1), H / (y1 - y0 + 60 || 1)));
  chart.call(zoom.transform, d3.zoomIdentity.translate(W / 2, H / 2).scale(scale).translate(-(x0 + x1 + 120) / 2, -(y0 + y1) / 2));
  figure.replaceChildren(chart.node());
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
