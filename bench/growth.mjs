/**
 * B5: growth from the smallest to the largest scale, per scenario and side: the cost of one
 * operation (1 / req/s, or ms), large / small, from the medians of the repetitions. ≤ 1.5
 * means the work is bounded by the subtree, not the city (issue 5).
 *
 * A scenario that answers for every street (`answersTheCity`) has the city as its subtree:
 * ten times the streets at scale 10, ten times the answer. Its target row is the time per unit
 * answered (the rows of the answer compared before the load, at each scale); its time per
 * request stays in the table beside it, marked `notATarget`, so the growth is not hidden.
 *
 * @param {Array<{scale: number, scenarios: Record<string, {metrics: Record<string, Record<string, number[]>>, answerRows?: number}>}>} results one per scale, smallest first
 * @param {Array<{key: string, answersTheCity?: boolean}>} scenarios
 * @param {string[]} sides
 * @returns {Array<{scenario: string, metric: string, per: Record<string, number[]>, notATarget: boolean}>}
 */
export function growthRows(results, scenarios, sides) {
  if (results.length < 2) return [];
  const [a, b] = [results[0], results[results.length - 1]];
  const title = `B5 growth (scale ${b.scale} / scale ${a.scale})`;
  const out = [];
  for (const scenario of scenarios) {
    const [ra, rb] = [a.scenarios[scenario.key], b.scenarios[scenario.key]];
    if (!ra || !rb) continue;
    const metric = Object.keys(ra.metrics)[0];
    const perRequest = metric.startsWith('req/s');
    const growth = (units) => {
      const per = {};
      for (const side of sides) {
        const [x, y] = [ra.metrics[metric][side], rb.metrics[metric][side]];
        if (!x?.length || !y?.length) continue;
        per[side] = [(perRequest ? median(x) / median(y) : median(y) / median(x)) / units];
      }
      return per;
    };
    const name = `${scenario.key} ${perRequest ? 'time per request' : metric}`;
    if (scenario.answersTheCity) {
      if (!ra.answerRows || !rb.answerRows) throw new Error(`B5 ${scenario.key}: answers the city, but a scale recorded no answer rows`);
      out.push({ scenario: title, metric: `${name} (answers ${ra.answerRows} → ${rb.answerRows} units: not a target)`, per: growth(1), notATarget: true });
      out.push({ scenario: title, metric: `${scenario.key} time per unit answered`, per: growth(rb.answerRows / ra.answerRows), notATarget: false });
    } else {
      out.push({ scenario: title, metric: name, per: growth(1), notATarget: false });
    }
  }
  return out;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
