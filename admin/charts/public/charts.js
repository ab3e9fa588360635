/*
 * FaqCharts: the few chart kinds the product draws, on Chart.js (window.Chart). Used by the
 * analytics screen (served at /vendor/charts.js) and inlined in the evaluation report. Each
 * function takes a <canvas> and plain data, returns the Chart, and replaces any chart already
 * on that canvas. `onClick(index)` (optional) makes a bar or point a link to what is behind it.
 */
(function (root) {
  'use strict';
  var palette = ['#0b57d0', '#d93025', '#188038', '#e37400', '#9334e6', '#12858c', '#5f6368', '#b31412'];

  function replace(canvas, config) {
    var Chart = root.Chart;
    var old = Chart.getChart(canvas);
    if (old) old.destroy();
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    return new Chart(canvas, config);
  }

  function clickable(options, onClick) {
    if (!onClick) return options;
    options.onClick = function (_event, elements) {
      if (elements && elements.length) onClick(elements[0].index, elements[0].datasetIndex);
    };
    options.onHover = function (event, elements) {
      if (event.native && event.native.target) event.native.target.style.cursor = elements.length ? 'pointer' : 'default';
    };
    return options;
  }

  /** Time series: labels (e.g. days) and series [{ label, data: number[] }]. */
  function line(canvas, data, opts) {
    opts = opts || {};
    return replace(canvas, {
      type: 'line',
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          return { label: s.label, data: s.data, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], tension: 0.2, pointRadius: 2, spanGaps: true };
        }),
      },
      options: clickable({ scales: { y: { beginAtZero: true, suggestedMax: opts.max } } }, opts.onClick),
    });
  }

  /** Bar breakdown: labels and series [{ label, data }]; `horizontal` for long labels, `stacked` to stack. */
  function bars(canvas, data, opts) {
    opts = opts || {};
    return replace(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length] };
        }),
      },
      options: clickable({
        indexAxis: opts.horizontal ? 'y' : 'x',
        plugins: { legend: { display: data.series.length > 1 } },
        scales: { x: { stacked: !!opts.stacked, beginAtZero: true }, y: { stacked: !!opts.stacked, beginAtZero: true } },
      }, opts.onClick),
    });
  }

  /** Funnel: steps [{ label, value }] drawn as horizontal bars, widest first, with each step's share of the first. */
  function funnel(canvas, steps, opts) {
    opts = opts || {};
    var first = steps.length ? steps[0].value || 0 : 0;
    return replace(canvas, {
      type: 'bar',
      data: {
        labels: steps.map(function (s) {
          return first ? s.label + ' (' + Math.round((100 * s.value) / first) + '%)' : s.label;
        }),
        datasets: [{ data: steps.map(function (s) { return s.value; }), backgroundColor: steps.map(function (_s, i) { return palette[i % palette.length]; }) }],
      },
      options: clickable({ indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } }, opts.onClick),
    });
  }

  /**
   * Reliability diagram: bins [{ confidence, accuracy, count }] (mean confidence and accuracy per
   * bin) against the diagonal a calibrated model would follow.
   */
  function reliability(canvas, bins, opts) {
    opts = opts || {};
    var points = bins.filter(function (b) { return b.count > 0; });
    return replace(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          { type: 'line', label: opts.diagonalLabel || 'calibrated', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: '#9aa0a6', borderDash: [4, 4], pointRadius: 0 },
          {
            label: opts.label || 'observed',
            data: points.map(function (b) { return { x: b.confidence, y: b.accuracy }; }),
            backgroundColor: palette[0],
            pointRadius: points.map(function (b) { return Math.max(3, Math.min(12, Math.sqrt(b.count))); }),
          },
        ],
      },
      options: { scales: { x: { min: 0, max: 1, title: { display: true, text: opts.xTitle || 'confidence' } }, y: { min: 0, max: 1, title: { display: true, text: opts.yTitle || 'accuracy' } } } },
    });
  }

  /** Histogram of raw values (e.g. latencies in ms) in `binCount` equal bins. */
  function histogram(canvas, values, opts) {
    opts = opts || {};
    var n = opts.binCount || 20;
    if (!values.length) return bars(canvas, { labels: [], series: [{ label: opts.label || '', data: [] }] }, opts);
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    var width = (hi - lo) / n || 1;
    var counts = new Array(n).fill(0);
    values.forEach(function (v) { counts[Math.min(n - 1, Math.floor((v - lo) / width))]++; });
    var labels = counts.map(function (_c, i) { return Math.round(lo + i * width) + '–' + Math.round(lo + (i + 1) * width); });
    return bars(canvas, { labels: labels, series: [{ label: opts.label || '', data: counts }] }, opts);
  }

  root.FaqCharts = { line: line, bars: bars, funnel: funnel, reliability: reliability, histogram: histogram, palette: palette };
})(typeof window !== 'undefined' ? window : globalThis);
