/*
 * Inspection admin: hide the empty judgement rows of areas the selected framework does not judge.
 *
 * Optional: without it every row stays visible and the server refuses judgements a framework
 * cannot have. Only new rows without a grade are hidden, so nothing entered is ever hidden; a
 * hidden row is submitted empty and is not saved.
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

  function fieldValue(name) {
    const element = document.getElementById(`id_${name}`);
    return element ? element.value : "";
  }

  function allowedAreas(data) {
    const areas = data.areas[fieldValue("framework")];
    if (!areas) {
      return null; // framework not yet known: every area
    }
    const latestStart =
      parseDate(fieldValue("started_on")) ||
      parseDate(fieldValue("ended_on")) ||
      parseDate(fieldValue("published_on"));
    if (
      fieldValue("framework") === data.careLeaversRuleFramework &&
      latestStart &&
      latestStart < data.careLeaversSeparateFrom
    ) {
      return areas.filter((area) => area !== data.careLeavers);
    }
    return areas;
  }

  function update(data) {
    const allowed = allowedAreas(data);
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

  // The script is loaded in the page's head: wait for the form.
  document.addEventListener("DOMContentLoaded", () => {
    const dataElement = document.getElementById("judgement-areas-data");
    if (!dataElement) {
      return;
    }
    const data = JSON.parse(dataElement.textContent);
    const refresh = () => update(data);
    for (const name of ["framework", "started_on", "ended_on", "published_on"]) {
      const element = document.getElementById(`id_${name}`);
      if (element) {
        element.addEventListener("change", refresh);
      }
    }
    refresh();
  });
}
