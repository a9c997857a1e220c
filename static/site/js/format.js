// Pure formatting of weather report values for display. Nothing here
// touches the DOM, so Node tests can import it.

/** The icon names that the weather API returns and static/site/icons provides. */
export const ICON_NAMES = Object.freeze([
  'clear-day',
  'clear-night',
  'partly-cloudy-day',
  'partly-cloudy-night',
  'cloudy',
  'rain',
  'drizzle',
  'thunderstorm',
  'snow',
  'mist',
]);

const COMPASS_POINTS = [
  'N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE',
  'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW',
];

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** Formats value with at most one decimal, or returns "–" when it is not a finite number. */
export function formatNumber(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return '–';
  }
  return numberFormat.format(value);
}

/** Formats a temperature such as "24.5 °C". */
export function formatTemperature(value, unit) {
  return `${formatNumber(value)} ${unit}`;
}

/**
 * Returns the 16-point compass direction ("WSW") for degrees clockwise from
 * north, or "" when degrees is not a finite number.
 */
export function compassPoint(degrees) {
  if (typeof degrees !== 'number' || !Number.isFinite(degrees)) {
    return '';
  }
  const normalized = ((degrees % 360) + 360) % 360;
  return COMPASS_POINTS[Math.round(normalized / 22.5) % 16];
}

/**
 * Formats the wind object of a weather report, such as
 * "4.1 m/s from WSW (250°), gusts 6.2 m/s". The gust part is left out when
 * the report has no gust.
 */
export function formatWind(wind) {
  if (!wind) {
    return '–';
  }

  let text = `${formatNumber(wind.speed)} ${wind.speed_unit}`;
  const point = compassPoint(wind.direction_deg);
  if (point !== '') {
    text += ` from ${point} (${Math.round(wind.direction_deg)}°)`;
  }
  if (typeof wind.gust === 'number') {
    text += `, gusts ${formatNumber(wind.gust)} ${wind.speed_unit}`;
  }
  return text;
}

/**
 * Formats an RFC 3339 instant as "HH:MM" in the city's local time, given the
 * city's offset from UTC in seconds. Returns "–" for an invalid instant.
 */
export function formatCityTime(instant, offsetSeconds) {
  const millis = Date.parse(instant);
  if (Number.isNaN(millis)) {
    return '–';
  }

  const local = new Date(millis + (offsetSeconds || 0) * 1000);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** Formats an offset from UTC in seconds as "UTC+05:30". */
export function formatUtcOffset(offsetSeconds) {
  const total = Math.round((offsetSeconds || 0) / 60);
  const sign = total < 0 ? '-' : '+';
  const minutes = Math.abs(total);
  return `UTC${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Formats date as "HH:MM:SS" in the browser's time zone. */
export function formatClock(date) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * Returns icon when it is one of ICON_NAMES, and "cloudy" otherwise, so that
 * an unexpected value never becomes part of a URL.
 */
export function iconName(icon) {
  return ICON_NAMES.includes(icon) ? icon : 'cloudy';
}

/** Returns the place name of a report, such as "Bengaluru, IN". */
export function formatPlace(report) {
  return report.country ? `${report.city}, ${report.country}` : report.city;
}

/** Returns text with a full stop added unless it already ends with ".", "!" or "?". */
export function asSentence(text) {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '' || /[.!?]$/.test(trimmed)) {
    return trimmed;
  }
  return `${trimmed}.`;
}

function pad(value) {
  return String(value).padStart(2, '0');
}
