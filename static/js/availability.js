/* The weekly availability grid and the time zone suggestion on the profile form.
 *
 * Without this script the grid is 336 ordinary checkboxes named "b" and the
 * form still works. With it, the cells become one keyboard stop (roving
 * tabindex), dragging paints a rectangle of half hours, and the form submits
 * one hidden "availability" field of 336 "0"/"1" characters, Monday 00:00 first.
 */
(function () {
  "use strict";

  var PER_DAY = 48;
  var DAYS = 7;

  function clock(slot) {
    var minutes = slot * 30;
    var h = Math.floor(minutes / 60);
    var m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m ? "30" : "00");
  }

  function initGrid(table) {
    var form = table.closest("form");
    var hidden = form.querySelector("#availability-value");
    var live = document.getElementById("avail-live");
    var summary = document.getElementById("avail-summary");
    var dayNames = table.dataset.days.split("|");
    var cells = [];
    table.querySelectorAll("input[data-block]").forEach(function (cell) {
      cells[Number(cell.dataset.block)] = cell;
    });
    if (cells.length !== DAYS * PER_DAY || !hidden) return;

    // The hidden field now carries the value; the boxes no longer submit.
    hidden.disabled = false;
    cells.forEach(function (cell) {
      cell.removeAttribute("name");
      cell.tabIndex = -1;
    });
    table.setAttribute("role", "grid");
    var firstOn = cells.filter(function (c) { return c.checked; })[0];
    var current = firstOn || cells[18]; // Monday 09:00
    current.tabIndex = 0;

    function dayOf(block) { return Math.floor(block / PER_DAY); }
    function slotOf(block) { return block % PER_DAY; }

    function sync() {
      var value = cells.map(function (c) { return c.checked ? "1" : "0"; }).join("");
      hidden.value = value;
      var hours = (value.split("1").length - 1) / 2;
      var template = hours === 1 ? table.dataset.textOne : table.dataset.textOther;
      summary.querySelector("strong").textContent = template.replace("{n}", String(hours));
    }

    function announce(text) {
      // Clearing first makes a repeated message be read again.
      live.textContent = "";
      window.setTimeout(function () { live.textContent = text; }, 30);
    }

    function describe(fromBlock, toBlock, on) {
      var d0 = Math.min(dayOf(fromBlock), dayOf(toBlock));
      var d1 = Math.max(dayOf(fromBlock), dayOf(toBlock));
      var s0 = Math.min(slotOf(fromBlock), slotOf(toBlock));
      var s1 = Math.max(slotOf(fromBlock), slotOf(toBlock));
      var days = d0 === d1 ? dayNames[d0] : dayNames[d0] + "\u2013" + dayNames[d1];
      var state = on ? table.dataset.textOn : table.dataset.textOff;
      return days + " " + clock(s0) + "\u2013" + clock(s1 + 1) + " " + state;
    }

    function focusCell(cell) {
      current.tabIndex = -1;
      cell.tabIndex = 0;
      current = cell;
      cell.focus({ preventScroll: false });
    }

    // Keyboard: arrows move, Shift+arrow paints the current state onward,
    // Enter toggles (Space toggles natively, as for any checkbox).
    table.addEventListener("keydown", function (event) {
      var cell = event.target;
      if (!cell.dataset || cell.dataset.block === undefined) return;
      var block = Number(cell.dataset.block);
      var day = dayOf(block);
      var slot = slotOf(block);
      var next = null;
      switch (event.key) {
        case "ArrowUp": slot = Math.max(0, slot - 1); break;
        case "ArrowDown": slot = Math.min(PER_DAY - 1, slot + 1); break;
        case "ArrowLeft": day = Math.max(0, day - 1); break;
        case "ArrowRight": day = Math.min(DAYS - 1, day + 1); break;
        case "Home": day = 0; if (event.ctrlKey) slot = 0; break;
        case "End": day = DAYS - 1; if (event.ctrlKey) slot = PER_DAY - 1; break;
        case "PageUp": slot = Math.max(0, slot - 8); break;
        case "PageDown": slot = Math.min(PER_DAY - 1, slot + 8); break;
        case "Enter":
          event.preventDefault(); // Never submit the form from a cell.
          cell.checked = !cell.checked;
          sync();
          announce(describe(block, block, cell.checked));
          return;
        default:
          return;
      }
      event.preventDefault();
      next = cells[day * PER_DAY + slot];
      if (event.shiftKey && event.key.indexOf("Arrow") === 0 && next !== cell) {
        next.checked = cell.checked;
        sync();
        announce(describe(block, Number(next.dataset.block), cell.checked));
      }
      focusCell(next);
    });

    // A native toggle (Space, or a screen reader's click) ends up here.
    table.addEventListener("change", function (event) {
      var cell = event.target;
      if (!cell.dataset || cell.dataset.block === undefined) return;
      var block = Number(cell.dataset.block);
      sync();
      announce(describe(block, block, cell.checked));
    });

    // Pointer: the first cell decides paint-on or paint-off; dragging paints
    // the rectangle between it and the cell under the pointer.
    var drag = null;
    var suppressClick = false;

    function cellAt(x, y) {
      var el = document.elementFromPoint(x, y);
      if (!el || !table.contains(el)) return null;
      if (el.matches("td")) el = el.querySelector("input[data-block]");
      return el && el.matches("input[data-block]") ? el : null;
    }

    function paint(toBlock) {
      var d0 = Math.min(dayOf(drag.anchor), dayOf(toBlock));
      var d1 = Math.max(dayOf(drag.anchor), dayOf(toBlock));
      var s0 = Math.min(slotOf(drag.anchor), slotOf(toBlock));
      var s1 = Math.max(slotOf(drag.anchor), slotOf(toBlock));
      cells.forEach(function (cell, block) {
        var d = dayOf(block);
        var s = slotOf(block);
        var inside = d >= d0 && d <= d1 && s >= s0 && s <= s1;
        cell.checked = inside ? drag.value : drag.before[block];
      });
      drag.last = toBlock;
    }

    table.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      var cell = cellAt(event.clientX, event.clientY);
      if (!cell) return;
      event.preventDefault(); // No text selection, no native focus jump.
      if (cell.releasePointerCapture && cell.hasPointerCapture && cell.hasPointerCapture(event.pointerId)) {
        cell.releasePointerCapture(event.pointerId); // Touch captures implicitly.
      }
      var block = Number(cell.dataset.block);
      drag = {
        anchor: block,
        last: block,
        value: !cell.checked,
        before: cells.map(function (c) { return c.checked; })
      };
      suppressClick = true;
      paint(block);
      focusCell(cell);
    });

    document.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var cell = cellAt(event.clientX, event.clientY);
      if (cell && Number(cell.dataset.block) !== drag.last) paint(Number(cell.dataset.block));
    });

    function endDrag() {
      if (!drag) return;
      var done = drag;
      drag = null;
      sync();
      announce(describe(done.anchor, done.last, done.value));
    }
    document.addEventListener("pointerup", endDrag);
    document.addEventListener("pointercancel", endDrag);

    table.addEventListener("click", function (event) {
      // The pointer's own click after a paint must not undo it. A click from
      // the keyboard (Space; event.detail is 0) is never the pointer's, so it
      // always switches its half hour, however soon it follows a drag.
      if (suppressClick && event.detail > 0 && event.target.dataset && event.target.dataset.block !== undefined) {
        event.preventDefault(); // Keeps the painted state.
      }
      if (event.detail > 0) suppressClick = false;
    });

    // Quick actions.
    var actions = form.querySelector("[data-avail-actions]");
    if (actions) {
      actions.hidden = false;
      actions.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-action]");
        if (!button) return;
        if (button.dataset.action === "clear") {
          cells.forEach(function (c) { c.checked = false; });
          announce(table.dataset.textCleared);
        } else if (button.dataset.action === "copy-monday") {
          for (var day = 1; day <= 4; day++) {
            for (var slot = 0; slot < PER_DAY; slot++) {
              cells[day * PER_DAY + slot].checked = cells[slot].checked;
            }
          }
          announce(table.dataset.textCopied);
        }
        sync();
      });
    }
    sync();
  }

  // On the profile form: while the profile still has the school's default
  // zone, suggest the browser's own zone (the person saves it, or not).
  function initTimeZone(box) {
    var select = box.querySelector("select");
    var note = box.querySelector("[data-tz-note]");
    var form = box.closest("form");
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    if (!select || !zone || select.value !== box.dataset.defaultTz || zone === select.value) return;
    var body = new URLSearchParams();
    body.set("time_zone", zone);
    fetch(box.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
      body: body
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.suggest || select.value !== box.dataset.defaultTz) return;
        if (!select.querySelector('option[value="' + data.time_zone.replace(/"/g, "") + '"]')) return;
        select.value = data.time_zone;
        note.textContent = box.dataset.note;
        note.hidden = false;
      })
      .catch(function () { /* The suggestion is optional. */ });
  }

  function init() {
    document.querySelectorAll("table.avail-grid").forEach(initGrid);
    document.querySelectorAll("[data-tz-detect]").forEach(initTimeZone);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
