// The weather page: a city and units form, the report card, and the
// auto-refresh that pauses while the tab is hidden.

import { clearAlert, showAlert } from './alert.js';
import {
  asSentence,
  formatCityTime,
  formatClock,
  formatNumber,
  formatPlace,
  formatTemperature,
  formatUtcOffset,
  formatWind,
  iconName,
} from './format.js';
import { api, bindSignOut, requireSignIn } from './page.js';
import { createRefresher } from './refresh.js';

const OTHER_CITY = 'other';
const MAX_CITY_LENGTH = 100;

const byId = (id) => document.getElementById(id);

const form = byId('weather-form');
const citySelect = byId('city');
const otherCityGroup = byId('other-city-group');
const otherCityInput = byId('other-city');
const alerts = byId('weather-alerts');
const card = byId('weather-card');
const lastUpdated = byId('last-updated');

// Each load gets the next number, and a response is shown only when no later
// load has started, so a slow response for an old city never replaces a newer one.
let latestLoad = 0;

// The query that loads and refreshes use. It changes only when the user picks
// a listed city, changes units or submits the form, so a city still being
// typed into "Other…" is never requested by the 10-second refresh.
let appliedQuery = null;

/** Returns {city, units} from the form, or null when no city is entered. */
function selectedQuery() {
  const units = form.elements.units.value || 'metric';

  let city = citySelect.value;
  if (city === OTHER_CITY) {
    city = otherCityInput.value.trim();
  }
  if (city === '') {
    return null;
  }
  return { city: city.slice(0, MAX_CITY_LENGTH), units };
}

async function loadWeather() {
  const query = appliedQuery;
  if (query === null) {
    return;
  }
  const load = ++latestLoad;

  try {
    const report = await api.weather(query.city, query.units);
    if (load !== latestLoad) {
      return;
    }
    renderReport(report);
    clearAlert(alerts);
    lastUpdated.textContent = `Last updated ${formatClock(new Date())}`;
  } catch (err) {
    if (load !== latestLoad || err.status === 401) {
      return;
    }
    const lastGoodNote = card.hidden ? '' : ' The card shows the last successful result.';
    showAlert(alerts, `Could not update the weather for ${query.city}: ${asSentence(err.message)}${lastGoodNote}`);
  }
}

function renderReport(report) {
  const offset = report.timezone_offset_seconds;
  const icon = iconName(report.conditions?.icon);

  const image = byId('weather-icon');
  image.src = new URL(`../icons/${icon}.svg`, import.meta.url).pathname;
  image.alt = report.conditions?.description ?? '';

  byId('weather-place').textContent = formatPlace(report);
  byId('sample-badge').hidden = report.sample !== true;
  byId('weather-temperature').textContent = formatTemperature(report.temperature, report.temperature_unit);
  byId('weather-feels-like').textContent =
    `Feels like ${formatTemperature(report.feels_like, report.temperature_unit)}`;
  byId('weather-conditions').textContent = report.conditions?.description ?? '';
  byId('weather-humidity').textContent = `${formatNumber(report.humidity_percent)} %`;
  byId('weather-pressure').textContent = `${formatNumber(report.pressure_hpa)} hPa`;
  byId('weather-wind').textContent = formatWind(report.wind);
  byId('weather-sunrise').textContent = formatCityTime(report.sunrise, offset);
  byId('weather-sunset').textContent = formatCityTime(report.sunset, offset);
  byId('weather-observed').textContent = formatCityTime(report.observed_at, offset);
  byId('weather-offset').textContent = `Times are local to the city (${formatUtcOffset(offset)}).`;

  card.hidden = false;
}

function main() {
  if (!requireSignIn()) {
    return;
  }
  bindSignOut(byId('sign-out'));

  const refresher = createRefresher({ task: loadWeather, document });
  appliedQuery = selectedQuery();

  citySelect.addEventListener('change', () => {
    const other = citySelect.value === OTHER_CITY;
    otherCityGroup.hidden = !other;
    if (other) {
      otherCityInput.focus();
      return;
    }
    appliedQuery = selectedQuery();
    refresher.refreshNow();
  });

  form.addEventListener('change', (event) => {
    if (event.target.name === 'units' && appliedQuery !== null) {
      appliedQuery = { ...appliedQuery, units: form.elements.units.value || 'metric' };
      refresher.refreshNow();
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = selectedQuery();
    if (query === null) {
      showAlert(alerts, 'Enter a city name.', 'warning');
      otherCityInput.focus();
      return;
    }
    appliedQuery = query;
    refresher.refreshNow();
  });

  refresher.start();
}

main();
