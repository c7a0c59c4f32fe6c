// sluice report: draws the charts of report.html with Chart.js from the data embedded in the page.
// The tables are already in the HTML; this script only adds the charts. Nothing is fetched.
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('sluice-data').textContent);
  // data.runs: [{name, result}], one for a run's report, two (before, after) for a comparison of runs.
  const runs = data.runs;
  const comparing = runs.length > 1;
  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
    '#7f7f7f', '#bcbd22'];

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';

  // One entry per variant of each run: its label in the legend, its colour, and dashed when "before".
  const lines = [];
  runs.forEach((run, r) => {
    (run.result.variants || []).forEach((variant, v) => {
      lines.push({
        label: comparing ? variant.label + ' (' + run.name + ')' : variant.label,
        colour: palette[(comparing ? v : lines.length) % palette.length],
        dashed: comparing && r === 0,
        variant: variant,
      });
    });
  });

  function dataset(line, points, extra) {
    return Object.assign({
      label: line.label,
      data: points,
      borderColor: line.colour,
      backgroundColor: line.colour,
      borderDash: line.dashed ? [6, 4] : [],
      borderWidth: 2,
      pointRadius: points.length > 60 ? 0 : 2,
      spanGaps: false,
    }, extra || {});
  }

  function columns(variant) {
    return (variant.timeline && variant.timeline.columns) || {};
  }

  // Points {x: seconds, y} of one column, optionally divided by the seconds each point covers.
  function series(variant, key, perSecond) {
    const c = columns(variant);
    const t = c.t || [];
    const values = c[key] || [];
    const dt = c.dt || [];
    return t.map((x, i) => {
      const v = values[i];
      if (v === null || v === undefined) {
        return {x: x, y: null};
      }
      return {x: x, y: perSecond ? (dt[i] > 0 ? v / dt[i] : null) : v};
    });
  }

  function hasData(points) {
    return points.some(p => p.y !== null && p.y !== undefined);
  }

  // The stage that took the most time: its latency stands for the run's when there is no load model.
  function mainStage(variant) {
    let best = null;
    let most = -1;
    (variant.stages || []).forEach(s => {
      const spent = (s.serviceMs ? s.serviceMs.mean : 0) * s.count;
      if (spent > most) {
        most = spent;
        best = s.name;
      }
    });
    return best;
  }

  function latencyKey(variant) {
    if ('latency.p99' in columns(variant)) {
      return {key: 'latency.p99', what: 'latency from the intended start'};
    }
    const stage = mainStage(variant);
    return stage === null ? null : {key: 'stage.' + stage + '.service.p99', what: stage + ' service time'};
  }

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    const hasPoints = config.data.datasets.some(d => d.data.some(p => p !== null && (typeof p !== 'object' || p.y !== null)));
    if (!hasPoints) {
      // Nothing to show (no connections in this run, say): leave no empty chart behind.
      canvas.closest('figure').remove();
      return;
    }
    new Chart(canvas, config);
  }

  function timeChart(id, datasets, yTitle, integers) {
    draw(id, {
      type: 'line',
      data: {datasets: datasets},
      options: {
        parsing: false,
        normalized: true,
        interaction: {mode: 'nearest', intersect: false},
        scales: {
          x: {type: 'linear', title: {display: true, text: 'seconds since the start'}},
          y: {type: 'linear', beginAtZero: true, title: {display: true, text: yTitle},
            ticks: {precision: integers ? 0 : undefined}},
        },
      },
    });
  }

  // Percentile curves: x is the number of nines, so 90%, 99%, 99.9% are evenly spaced.
  function nines(p) {
    return p >= 100 ? null : -Math.log10(1 - p / 100);
  }

  function curveChart() {
    const datasets = [];
    lines.forEach(line => {
      const curves = line.variant.latencyCurves || {};
      const name = 'latency' in curves ? 'latency' : mainStage(line.variant);
      const curve = name === null ? null : curves[name];
      if (!curve || !curve.percentiles || curve.percentiles.length === 0) {
        return;
      }
      const points = [];
      curve.percentiles.forEach((p, i) => {
        const x = nines(p);
        if (x !== null) {
          points.push({x: x, y: curve.ms[i], p: p});
        }
      });
      datasets.push(dataset(line, points, {label: line.label + ' (' + name + ')', pointRadius: 2}));
    });
    draw('chart-curves', {
      type: 'line',
      data: {datasets: datasets},
      options: {
        parsing: false,
        scales: {
          x: {
            type: 'linear', min: 0, max: 5,
            title: {display: true, text: 'percentile'},
            ticks: {stepSize: 1, callback: v => ['0%', '90%', '99%', '99.9%', '99.99%', '99.999%'][v] || ''},
          },
          y: {type: 'linear', beginAtZero: true, title: {display: true, text: 'ms'}},
        },
        plugins: {
          tooltip: {callbacks: {label: c => c.dataset.label + ': p' + c.raw.p + ' = ' + c.raw.y + ' ms'}},
        },
      },
    });
  }

  function throughputChart() {
    const datasets = [];
    lines.forEach(line => {
      datasets.push(dataset(line, series(line.variant, 'items.ok', true), {label: line.label + ' ok/s'}));
      ['items.failed', 'items.dropped'].forEach((key, k) => {
        const points = series(line.variant, key, true);
        if (points.some(p => p.y > 0)) {
          datasets.push(dataset(line, points, {
            label: line.label + (k === 0 ? ' failed/s' : ' dropped/s'),
            borderDash: k === 0 ? [2, 2] : [8, 2, 2, 2],
          }));
        }
      });
    });
    timeChart('chart-throughput', datasets, 'items per second');
  }

  function latencyChart() {
    const datasets = [];
    lines.forEach(line => {
      const latency = latencyKey(line.variant);
      if (latency !== null) {
        datasets.push(dataset(line, series(line.variant, latency.key, false),
          {label: line.label + ' p99 ' + latency.what}));
      }
    });
    timeChart('chart-latency', datasets, 'ms (p99 of each second)');
  }

  // Every column whose key ends with one of the suffixes, one dataset per variant and key.
  function keyedChart(id, matches, yTitle, integers) {
    const datasets = [];
    lines.forEach(line => {
      Object.keys(columns(line.variant)).filter(matches).forEach((key, k) => {
        const points = series(line.variant, key, false);
        if (points.some(p => p.y > 0)) {
          datasets.push(dataset(line, points, {label: line.label + ' ' + key, borderDash: line.dashed ? [6, 4] : (k ? [4, 2] : [])}));
        }
      });
    });
    timeChart(id, datasets, yTitle, integers);
  }

  const known = /^(t|dt|items\.(ok|failed|dropped|inFlight)|latency\.p\d+|stage\.[^.]+\.(service|queue)\.p\d+)$/;

  function isConnections(key) {
    return /connections\.open$/.test(key);
  }

  function isQueue(key) {
    return /scheduler\.queued$/.test(key);
  }

  function comparisonChart() {
    const bars = [];
    runs.forEach((run, r) => {
      const comparison = run.result.comparison;
      if (comparison && comparison.rows) {
        bars.push({
          label: comparing ? 'wall seconds (' + run.name + ')' : 'wall seconds (median)',
          data: comparison.rows.map(row => ({x: row.label, y: row.wallSeconds})),
          backgroundColor: comparison.rows.map((row, i) => palette[i % palette.length] + (r === 0 && comparing ? '66' : '')),
        });
      }
    });
    draw('chart-comparison', {
      type: 'bar',
      data: {datasets: bars},
      options: {
        parsing: {xAxisKey: 'x', yAxisKey: 'y'},
        scales: {y: {beginAtZero: true, title: {display: true, text: 'seconds'}}},
        plugins: {legend: {display: comparing}},
      },
    });
  }

  comparisonChart();
  curveChart();
  throughputChart();
  latencyChart();
  timeChart('chart-inflight', lines.map(line => dataset(line, series(line.variant, 'items.inFlight', false))),
    'items in flight', true);
  keyedChart('chart-connections', isConnections, 'connections open', true);
  keyedChart('chart-queues', isQueue, 'tasks waiting for a thread', true);
  keyedChart('chart-other', key => !known.test(key) && !isConnections(key) && !isQueue(key), 'value');
  document.body.setAttribute('data-charts-drawn', String(document.querySelectorAll('canvas').length));
})();
