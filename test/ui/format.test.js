import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  ICON_NAMES,
  asSentence,
  compassPoint,
  formatCityTime,
  formatClock,
  formatNumber,
  formatPlace,
  formatTemperature,
  formatUtcOffset,
  formatWind,
  iconName,
} from '../../static/site/js/format.js';

describe('formatNumber', () => {
  const cases = [
    { name: 'integer', value: 78, want: '78' },
    { name: 'one decimal', value: 24.5, want: '24.5' },
    { name: 'rounds to one decimal', value: 297.654, want: '297.7' },
    { name: 'negative', value: -3.25, want: '-3.3' },
    { name: 'thousands separator', value: 1012, want: '1,012' },
    { name: 'NaN', value: Number.NaN, want: '–' },
    { name: 'missing', value: undefined, want: '–' },
    { name: 'string', value: '24', want: '–' },
  ];
  for (const { name, value, want } of cases) {
    it(name, () => {
      assert.equal(formatNumber(value), want);
    });
  }
});

describe('formatTemperature', () => {
  it('appends the unit', () => {
    assert.equal(formatTemperature(24.5, '°C'), '24.5 °C');
    assert.equal(formatTemperature(76.1, '°F'), '76.1 °F');
    assert.equal(formatTemperature(297.65, 'K'), '297.7 K');
  });
});

describe('compassPoint', () => {
  const cases = [
    { degrees: 0, want: 'N' },
    { degrees: 11, want: 'N' },
    { degrees: 12, want: 'NNE' },
    { degrees: 90, want: 'E' },
    { degrees: 250, want: 'WSW' },
    { degrees: 349, want: 'N' },
    { degrees: 360, want: 'N' },
    { degrees: 720 + 180, want: 'S' },
    { degrees: -90, want: 'W' },
    { degrees: undefined, want: '' },
    { degrees: Number.POSITIVE_INFINITY, want: '' },
  ];
  for (const { degrees, want } of cases) {
    it(`${degrees} degrees is ${want || 'empty'}`, () => {
      assert.equal(compassPoint(degrees), want);
    });
  }
});

describe('formatWind', () => {
  it('includes direction and gust', () => {
    const wind = { speed: 4.1, gust: 6.2, speed_unit: 'm/s', direction_deg: 250 };
    assert.equal(formatWind(wind), '4.1 m/s from WSW (250°), gusts 6.2 m/s');
  });

  it('leaves out a missing gust', () => {
    const wind = { speed: 9.2, speed_unit: 'mph', direction_deg: 90 };
    assert.equal(formatWind(wind), '9.2 mph from E (90°)');
  });

  it('leaves out a missing direction', () => {
    assert.equal(formatWind({ speed: 0, speed_unit: 'm/s' }), '0 m/s');
  });

  it('returns a dash without wind', () => {
    assert.equal(formatWind(undefined), '–');
  });
});

describe('formatCityTime', () => {
  const cases = [
    { name: 'Bengaluru sunrise', instant: '2026-12-04T00:55:12Z', offset: 19800, want: '06:25' },
    { name: 'Bengaluru sunset', instant: '2026-12-04T12:31:40Z', offset: 19800, want: '18:01' },
    { name: 'wraps past midnight', instant: '2026-12-04T20:10:00Z', offset: 19800, want: '01:40' },
    { name: 'negative offset', instant: '2026-12-04T03:00:00Z', offset: -18000, want: '22:00' },
    { name: 'UTC', instant: '2026-12-04T10:20:00Z', offset: 0, want: '10:20' },
    { name: 'missing offset', instant: '2026-12-04T10:20:00Z', offset: undefined, want: '10:20' },
    { name: 'invalid instant', instant: 'yesterday', offset: 0, want: '–' },
  ];
  for (const { name, instant, offset, want } of cases) {
    it(name, () => {
      assert.equal(formatCityTime(instant, offset), want);
    });
  }
});

describe('formatUtcOffset', () => {
  const cases = [
    { seconds: 19800, want: 'UTC+05:30' },
    { seconds: 0, want: 'UTC+00:00' },
    { seconds: -18000, want: 'UTC-05:00' },
    { seconds: -12600, want: 'UTC-03:30' },
    { seconds: 45900, want: 'UTC+12:45' },
  ];
  for (const { seconds, want } of cases) {
    it(`${seconds} seconds is ${want}`, () => {
      assert.equal(formatUtcOffset(seconds), want);
    });
  }
});

describe('formatClock', () => {
  it('pads hours, minutes and seconds', () => {
    assert.equal(formatClock(new Date(2026, 11, 4, 9, 5, 7)), '09:05:07');
  });

  it('uses 24-hour time', () => {
    assert.equal(formatClock(new Date(2026, 11, 4, 23, 59, 59)), '23:59:59');
  });
});

describe('iconName', () => {
  it('keeps every known icon', () => {
    for (const icon of ICON_NAMES) {
      assert.equal(iconName(icon), icon);
    }
  });

  it('replaces unknown values with cloudy', () => {
    for (const icon of ['../login', '04d', '', undefined, 'clear-day.svg']) {
      assert.equal(iconName(icon), 'cloudy', `icon ${String(icon)}`);
    }
  });
});

describe('formatPlace', () => {
  it('joins city and country', () => {
    assert.equal(formatPlace({ city: 'Bengaluru', country: 'IN' }), 'Bengaluru, IN');
  });

  it('leaves out a missing country', () => {
    assert.equal(formatPlace({ city: 'Bengaluru', country: '' }), 'Bengaluru');
  });
});

describe('asSentence', () => {
  const cases = [
    { text: 'the weather service did not answer in time', want: 'the weather service did not answer in time.' },
    { text: 'City "Atlantis" not found.', want: 'City "Atlantis" not found.' },
    { text: 'Really?', want: 'Really?' },
    { text: '  padded  ', want: 'padded.' },
    { text: '', want: '' },
    { text: undefined, want: '' },
  ];
  for (const { text, want } of cases) {
    it(JSON.stringify(text ?? null), () => {
      assert.equal(asSentence(text), want);
    });
  }
});
