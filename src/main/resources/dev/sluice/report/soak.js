// sluice soak report: draws the charts of a soak's or a limit search's report.html with Chart.js from the
// result embedded in the page. The series are found by their column names: a column this script does not
// know gets a line under "Other series", a column it knows but the result lacks is left out, and a null
// cell is a gap. Nothing is fetched.
(function () {
  'use strict';

  const result = JSON.parse(document.getElementById('sluice-data').textContent).result;
  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
    '#7f7f7f', '#bcbd22'];
  const MIB = 1024 * 1024;

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';

  // The soak's charts: the columns each draws (name, label) and how. A gauge of -1 was not measured.
  const SOAK_CHARTS = [
    {id: 'chart-requests', y: 'requests per second', series: [['requestsPerSecond', 'requests/s']]},
    {id: 'chart-latency', y: 'ms', series: [['p50Ms', 'p50'], ['p99Ms', 'p99'], ['maxMs', 'max']]},
    {id: 'chart-connections', y: 'connections open', integers: true,
      series: [['clientOpen', 'client'], ['serverOpen', 'server']]},
    {id: 'chart-memory', y: 'MiB', divide: MIB, series: [['heapAfterGcBytes', 'heap after GC'], ['rssBytes', 'RSS']]},
    {id: 'chart-process', y: 'count', integers: true,
      series: [['fds', 'open file descriptors'], ['threads', 'live threads']]},
    {id: 'chart-errors', y: 'in the window', integers: true, series: [['errors', 'errors'], ['late', 'late'],
      ['errorsTimeout', 'timed out'], ['errorsClosed', 'closed while pending'], ['errorsAbandoned', 'abandoned at the close'],
      ['errorsOther', 'other errors'], ['responses4xx', '4xx answers'], ['responses5xx', '5xx answers']]},
    {id: 'chart-churn', y: 'connections in the window', integers: true,
      series: [['opened', 'opened'], ['failedToOpen', 'failed to open'], ['closedByPeer', 'closed by the server']]},
    {id: 'chart-waiting', y: 'at the end of the window', integers: true,
      series: [['pending', 'connections wanted, not open'], ['inFlight', 'requests awaiting an answer']]},
  ];
  // Known, and shown elsewhere (the x axis, the window's length, the totals) rather than drawn.
  const NOT_DRAWN = ['t', 'seconds', 'sent', 'ok'];

  function finite(v) {
    return typeof v === 'number' && isFinite(v) ? v : null;
  }

  function dataset(label, points, k, extra) {
    const colour = palette[k % palette.length];
    return Object.assign({
      label: label,
      data: points,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      // The last point of a soak's series is the close: marked by a bigger dot.
      pointRadius: points.map((p, i) => (i === points.length - 1 && extra && extra.close) ? 5
        : (points.length > 60 ? 0 : 2)),
      spanGaps: false,
    }, extra || {});
  }

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    const hasPoints = config.data.datasets.some(d => d.data.some(p => p.y !== null));
    if (!hasPoints) {
      // Nothing to show (an older result without the column, say): leave no empty chart behind.
      canvas.closest('figure').remove();
      return;
    }
    new Chart(canvas, config);
  }

  function timeChart(id, datasets, yTitle, integers, lastX) {
    draw(id, {
      type: 'line',
      data: {datasets: datasets},
      options: {
        parsing: false,
        normalized: true,
        interaction: {mode: 'nearest', intersect: false},
        scales: {
          x: {type: 'linear', title: {display: true, text: 'seconds since the start (the end of each window)'}},
          y: {type: 'linear', beginAtZero: true, title: {display: true, text: yTitle},
            ticks: {precision: integers ? 0 : undefined}},
        },
        plugins: {
          tooltip: {callbacks: {title: items => items.length === 0 ? '' : items[0].parsed.x + ' s'
            + (items[0].parsed.x === lastX ? ' (the close)' : '')}},
        },
      },
    });
  }

  function soakCharts(series) {
    const columns = Array.isArray(series.columns) ? series.columns : [];
    const rows = (Array.isArray(series.rows) ? series.rows : []).filter(Array.isArray);
    const index = {};
    columns.forEach((name, i) => {
      if (typeof name === 'string' && !(name in index)) {
        index[name] = i;
      }
    });
    // x: the column t, else the window's number; a row without an x is left out.
    const xs = rows.map((row, r) => 't' in index ? finite(row[index.t]) : r + 1);
    const lastX = xs.length === 0 ? null : xs[xs.length - 1];

    function points(name, divide, gauge) {
      const i = index[name];
      const out = [];
      rows.forEach((row, r) => {
        if (xs[r] === null) {
          return;
        }
        let y = finite(row[i]);
        if (y !== null && gauge && y < 0) {
          y = null;
        }
        out.push({x: xs[r], y: y === null ? null : y / divide});
      });
      return out;
    }

    const claimed = new Set(NOT_DRAWN);
    SOAK_CHARTS.forEach(chart => {
      const datasets = [];
      chart.series.forEach(([name, label], k) => {
        claimed.add(name);
        if (name in index) {
          datasets.push(dataset(label, points(name, chart.divide || 1, true), k, {close: true}));
        }
      });
      timeChart(chart.id, datasets, chart.y, chart.integers, lastX);
    });
    const others = Object.keys(index).filter(name => !claimed.has(name));
    timeChart('chart-other', others.map((name, k) => dataset(name, points(name, 1, false), k, {close: true})),
      'value', false, lastX);
  }

  function limitChart(search) {
    const steps = (search && Array.isArray(search.steps) ? search.steps : []).filter(s => finite(s.connections) !== null);
    const at = (field, valid) => steps.map(s => {
      const y = finite(s[field]);
      return {x: s.connections, y: y !== null && valid(y) ? y : null};
    });
    const datasets = [dataset('p99 ms', at('p99Ms', y => y >= 0), 0, {yAxisID: 'y'})];
    ['refused', 'timeouts'].forEach((field, k) => {
      if (steps.some(s => field in s)) {
        datasets.push(dataset(field, at(field, () => true), k + 1, {yAxisID: 'count', borderDash: k ? [4, 2] : []}));
      }
    });
    draw('chart-steps', {
      type: 'line',
      data: {datasets: datasets},
      options: {
        parsing: false,
        interaction: {mode: 'nearest', intersect: false},
        scales: {
          x: {type: 'linear', title: {display: true, text: 'connections held'}},
          y: {type: 'linear', position: 'left', beginAtZero: true, title: {display: true, text: 'p99 ms'}},
          count: {type: 'linear', position: 'right', beginAtZero: true, ticks: {precision: 0},
            title: {display: true, text: 'connections refused or timed out'}, grid: {drawOnChartArea: false}},
        },
      },
    });
  }

  if (result.kind === 'discover-limit') {
    limitChart(result.discoverLimit);
  } else {
    soakCharts(result.timeseries || {});
  }
  document.body.setAttribute('data-charts-drawn', String(document.querySelectorAll('canvas').length));
})();
