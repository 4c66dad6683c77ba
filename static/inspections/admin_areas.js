/*
 * Inspection admin: hide the empty judgement rows of areas the selected framework does not judge.
 *
 * Optional: without it every row stays visible and the server refuses judgements a framework
 * cannot have. Only new rows without a grade are hidden, so nothing entered is ever hidden; a
 * hidden row is submitted empty and is not saved.
 *
 * The rules come from the page (the inline's JSON, from inspections/rules.py): for each framework
 * the areas it judges, each with the on-site start dates between which it is judged (inclusive,
 * null for open), and which date fields give the latest possible start. This script holds no
 * framework, area or date of its own: it reads the form's dates and applies the windows.
 */
"use strict";
{
  function parseDate(text) {
    // The admin shows dates as dd/mm/yyyy (en-GB); ISO yyyy-mm-dd is accepted too.
    let match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
    if (match) {
      return `${match[3]}-${match[2].padStart(2, "0")}-${match[1].padStart(2, "0")}`;
    }
    match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
    return match ? match[0] : null;
  }

  /*
   * The areas the form's framework and dates allow, or null for every area (framework not yet
   * known). `value(name)` is a field's text. As rules.Judged.may_hold: a window holds the
   * inspection unless the latest possible start (the first of the date fields filled in) is
   * before its first day, or the start itself is after its last day. ISO dates compare as text.
   */
  function allowedAreas(data, value) {
    const framework = data.frameworks[value("framework")];
    if (!framework) {
      return null;
    }
    const [startField] = data.latestStartFields;
    const started = parseDate(value(startField));
    const latest = data.latestStartFields.map((name) => parseDate(value(name))).find(Boolean);
    const allowed = new Set();
    for (const judged of framework.areas) {
      const beganBefore = judged.from !== null && latest && latest < judged.from;
      const beganAfter = judged.until !== null && started && started > judged.until;
      if (!beganBefore && !beganAfter) {
        allowed.add(judged.area);
      }
    }
    return [...allowed];
  }

  function fieldValue(name) {
    const element = document.getElementById(`id_${name}`);
    return element ? element.value : "";
  }

  function update(data) {
    const allowed = allowedAreas(data, fieldValue);
    const rows = document.querySelectorAll("#judgements-group tr.form-row:not(.empty-form)");
    for (const row of rows) {
      const area = row.querySelector("select[name$='-area']");
      const grade = row.querySelector("select[name$='-grade']");
      const id = row.querySelector("input[name$='-id']");
      const isEmptyNewRow = (!id || !id.value) && grade && !grade.value;
      const hide = allowed !== null && isEmptyNewRow && area && !allowed.includes(area.value);
      row.hidden = hide;
    }
  }

  if (typeof document === "undefined") {
    // Outside a browser (tests/inspections/test_framework_rules_in_one_place.py runs it in
    // Node): offer the rule alone.
    module.exports = { allowedAreas };
  } else {
    // The script is loaded in the page's head: wait for the form.
    document.addEventListener("DOMContentLoaded", () => {
      const dataElement = document.getElementById("judgement-areas-data");
      if (!dataElement) {
        return;
      }
      const data = JSON.parse(dataElement.textContent);
      const refresh = () => update(data);
      for (const name of ["framework", ...data.latestStartFields]) {
        const element = document.getElementById(`id_${name}`);
        if (element) {
          element.addEventListener("change", refresh);
        }
      }
      refresh();
    });
  }
}
