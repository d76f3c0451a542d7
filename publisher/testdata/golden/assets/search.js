// gavel's static search: loads the index shards listed in search/index.json
// and finds meetings and posts whose words start with every word typed.
// No server, no dependencies; results are built with DOM calls only.
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form) { return; }
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var root = form.getAttribute("data-root") || "";
  var docs = null;
  var loading = null;

  function load() {
    if (loading) { return loading; }
    loading = fetch(form.getAttribute("data-index"))
      .then(function (r) { if (!r.ok) { throw new Error("index: " + r.status); } return r.json(); })
      .then(function (manifest) {
        return Promise.all(manifest.shards.map(function (s) {
          return fetch(root + "search/" + s).then(function (r) {
            if (!r.ok) { throw new Error("shard " + s + ": " + r.status); }
            return r.json();
          });
        }));
      })
      .then(function (shards) {
        docs = [];
        shards.forEach(function (s) {
          s.docs.forEach(function (d) { d.words = (" " + d.w + " "); docs.push(d); });
        });
        docs.sort(function (a, b) { return a.d < b.d ? 1 : a.d > b.d ? -1 : 0; });
      });
    return loading;
  }

  function terms(q) {
    return q.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(function (t) { return t.length > 0; });
  }

  function show(q) {
    var ts = terms(q);
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (ts.length === 0) { status.textContent = ""; return; }
    var found = docs.filter(function (d) {
      return ts.every(function (t) { return d.words.indexOf(" " + t) >= 0; });
    });
    status.textContent = found.length + (found.length === 1 ? " result" : " results") + " for “" + q + "”";
    found.slice(0, 200).forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + d.u;
      a.textContent = d.t;
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " " + (d.k === "post" ? "post" : d.s) + " · " + d.d;
      li.appendChild(meta);
      results.appendChild(li);
    });
  }

  function run(q) {
    status.textContent = "Searching…";
    load().then(function () { show(q); }, function (err) {
      status.textContent = "The search index could not be loaded (" + err.message + ").";
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = input.value;
    if (window.history && history.replaceState) {
      history.replaceState(null, "", "?q=" + encodeURIComponent(q));
    }
    run(q);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
