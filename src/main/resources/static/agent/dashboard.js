// The funnel of the last 30 days, from GET /api/agent/stats: a table of totals, the daily
// counts and the handoff waits as uPlot charts. Uses the console's sign-in (its session
// cookie); without one the page itself leads to the sign-in form.
(function () {
  'use strict';

  const STEPS = [
    ['started', '相談を始めた'],
    ['concerns_done', '不安を整理した'],
    ['strengths_done', '強みを確認した'],
    ['role_chosen', '職種を選んだ'],
    ['plan_delivered', 'プランを受け取った'],
    ['person_requested', '担当者を希望した'],
    ['handoff_claimed', '担当者が対応した'],
    ['booked', '面談を予約した'],
    ['attended', '面談に来た'],
    ['no_show', '面談に来なかった']
  ];
  const DAILY = [
    ['started', '相談開始', '#1d4e89'],
    ['plan_delivered', 'プラン提示', '#2e7d32'],
    ['person_requested', '担当者希望', '#ef6c00'],
    ['booked', '面談予約', '#6a1b9a'],
    ['attended', '来談', '#00838f']
  ];
  const STAGES = { welcome: '開始前', concerns: '① 不安', strengths: '② 強み', target_role: '③ 職種', next_steps: '④ 次の一歩', booking: '予約' };

  const status = document.getElementById('dashboard-status');
  load();

  async function load() {
    let response;
    try {
      response = await fetch('/api/agent/stats?days=30', {
        headers: { 'Accept': 'application/json' },
        cache: 'no-store'
      });
    } catch (e) {
      status.textContent = 'サーバーに接続できませんでした。';
      return;
    }
    if (response.status === 401) {
      window.location.assign('/agent/login?expired');
      return;
    }
    if (response.status !== 200) {
      status.textContent = '読み込めませんでした（' + response.status + '）。';
      return;
    }
    const stats = await response.json();
    render(stats.days);
    status.textContent = '';
  }

  function sum(days, key) {
    return days.reduce(function (total, day) { return total + (day.total[key] || 0); }, 0);
  }

  function render(days) {
    const body = document.querySelector('#funnel tbody');
    body.replaceChildren();
    const started = sum(days, 'started');
    STEPS.forEach(function (step) {
      const count = sum(days, step[0]);
      const row = document.createElement('tr');
      row.dataset.step = step[0];
      [step[1], String(count), started ? Math.round(count * 100 / started) + '%' : '—'].forEach(function (text, i) {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) {
          cell.scope = 'row';
        }
        cell.textContent = text;
        row.appendChild(cell);
      });
      body.appendChild(row);
    });

    const ratings = [1, 2, 3, 4, 5].map(function (n) { return sum(days, 'rating_' + n); });
    const rated = ratings.reduce(function (a, b) { return a + b; }, 0);
    document.getElementById('rating-average').textContent = rated
      ? (ratings.reduce(function (total, count, i) { return total + count * (i + 1); }, 0) / rated).toFixed(1) + '（' + rated + '件）'
      : 'まだありません';
    document.getElementById('rating-spread').textContent = rated
      ? ratings.map(function (count, i) { return (i + 1) + '：' + count + '件'; }).join('　') : '—';
    const missed = Object.keys(STAGES).map(function (stage) {
      return [STAGES[stage], sum(days, 'missed_' + stage)];
    }).filter(function (pair) { return pair[1] > 0; });
    document.getElementById('missed-by-stage').textContent = missed.length
      ? missed.map(function (pair) { return pair[0] + '：' + pair[1] + '件'; }).join('　') : 'ありません';

    const times = days.map(function (day) { return Date.parse(day.date + 'T00:00:00+09:00') / 1000; });
    const width = Math.max(320, Math.min(960, document.querySelector('.dashboard').clientWidth - 32));
    const daily = [times].concat(DAILY.map(function (line) {
      return days.map(function (day) { return day.total[line[0]] || 0; });
    }));
    new uPlot({
      width: width,
      height: 260,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Asia/Tokyo'); },
      scales: { y: { range: function (u, min, max) { return [0, Math.max(4, max)]; } } },
      series: [{ label: '日付' }].concat(DAILY.map(function (line) {
        return { label: line[1], stroke: line[2], width: 2 };
      }))
    }, daily, document.getElementById('daily-chart'));

    const minutes = function (ms) { return ms == null ? null : Math.round(ms / 600) / 100; };
    new uPlot({
      width: width,
      height: 220,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Asia/Tokyo'); },
      scales: { y: { range: function (u, min, max) { return [0, Math.max(1, max || 0)]; } } },
      series: [
        { label: '日付' },
        { label: '中央値', stroke: '#1d4e89', width: 2, spanGaps: false },
        { label: '90パーセンタイル', stroke: '#ef6c00', width: 2, spanGaps: false },
        { label: '最初の返信まで（中央値）', stroke: '#6a1b9a', width: 2, dash: [6, 4], spanGaps: false }
      ]
    }, [times, days.map(function (day) { return minutes(day.waitP50); }),
      days.map(function (day) { return minutes(day.waitP90); }),
      days.map(function (day) { return minutes(day.firstReplyP50); })], document.getElementById('wait-chart'));
  }
})();
