// gavel: show scheduled times in the reader's own time zone as well, and
// hide occurrences already past (the page was built earlier). Without
// script the UTC times stay as they are. On the action-item overview, an
// item id in the address that the page does not list leads to its page.
(function () {
  'use strict';
  // /actions/#a12 names an item the overview may not list: go to the
  // numbered page that holds it (without script, the page links to them).
  var pages = document.getElementById('item-pages');
  var hash = location.hash;
  if (pages && /^#a[0-9a-z]+$/.test(hash) && !document.getElementById(hash.slice(1))) {
    var n = parseInt(hash.slice(2), 36);
    var per = parseInt(pages.getAttribute('data-per-page'), 10);
    if (n > 0 && per > 0) {
      location.replace(pages.getAttribute('data-base') + (Math.floor((n - 1) / per) + 1) + '.html' + hash);
      return;
    }
  }
  var now = Date.now();
  var fmt;
  try {
    fmt = new Intl.DateTimeFormat(undefined, {weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'});
  } catch (e) {
    return;
  }
  document.querySelectorAll('time.local[datetime]').forEach(function (el) {
    var t = Date.parse(el.getAttribute('datetime'));
    if (isNaN(t)) return;
    var when = el.closest('.when');
    // A past occurrence goes, unless it is the last one listed.
    var later = when && when.nextElementSibling;
    if (t < now && later && later.classList.contains('when')) {
      when.hidden = true;
      return;
    }
    var local = document.createElement('span');
    local.className = 'localtime';
    local.textContent = ' (your time: ' + fmt.format(new Date(t)) + ')';
    el.after(local);
  });
  // The first occurrence still shown loses its "then".
  document.querySelectorAll('.upcoming li').forEach(function (li) {
    var first = li.querySelector('.when:not([hidden])');
    if (first && first.firstChild && first.firstChild.nodeType === 3) first.firstChild.textContent = '';
  });
})();
