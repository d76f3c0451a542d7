// gavel: show scheduled times in the reader's own time zone as well, and
// hide occurrences already past (the page was built earlier). Without
// script the UTC times stay as they are.
(function () {
  'use strict';
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
