//! Which totals a reader can reach: each question's possible points, added up over the quiz.

/// Totals this far apart or more are treated as all reachable, rather than tracked one by one.
const TRACKED_SPAN: i64 = 1 << 20;

/// The totals a reader can reach by answering every scored question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reachable {
    pub min: i64,
    pub max: i64,
    /// Bit `i` tells whether `min + i` can be reached; `None` when every total between `min`
    /// and `max` is counted as reachable (very wide ranges).
    reached: Option<Bits>,
}

impl Reachable {
    /// Totals of a quiz whose questions can each give one of the listed points.
    /// A question with no possible points (an empty list) counts as 0.
    pub(crate) fn of(questions: &[Vec<i64>]) -> Self {
        let mut reachable = Reachable {
            min: 0,
            max: 0,
            reached: Some(Bits::with_first()),
        };
        for points in questions {
            if !points.is_empty() {
                reachable = reachable.plus(points);
            }
        }
        reachable
    }

    /// Adds a question: each reachable total shifted by each of its points, a whole word of
    /// totals at a time, so that long quizzes stay quick.
    fn plus(self, points: &[i64]) -> Self {
        let lowest = points.iter().copied().min().unwrap_or(0);
        let highest = points.iter().copied().max().unwrap_or(0);
        let min = self.min.saturating_add(lowest);
        let max = self.max.saturating_add(highest);
        let reached = match self.reached {
            Some(before) if max.saturating_sub(min) < TRACKED_SPAN => {
                let mut after = Bits::new((max - min + 1) as usize);
                let mut shifts: Vec<i64> = points.iter().map(|&p| p - lowest).collect();
                shifts.sort_unstable();
                shifts.dedup();
                for shift in shifts {
                    after.or_shifted(&before, shift as usize);
                }
                Some(after)
            }
            _ => None,
        };
        Reachable { min, max, reached }
    }

    pub(crate) fn contains(&self, total: i64) -> bool {
        if total < self.min || total > self.max {
            return false;
        }
        match &self.reached {
            Some(reached) => reached.get((total - self.min) as usize),
            None => true,
        }
    }

    /// The lowest and highest reachable totals from `low` to `high`, if any.
    pub(crate) fn within(&self, low: i64, high: i64) -> Option<(i64, i64)> {
        let low = low.max(self.min);
        let high = high.min(self.max);
        if low > high {
            return None;
        }
        let first = (low..=high).find(|&t| self.contains(t))?;
        let last = (first..=high).rev().find(|&t| self.contains(t))?;
        Some((first, last))
    }

    /// Stretches of reachable totals that none of `bands` (inclusive ranges) covers, each as
    /// its lowest and highest reachable total.
    pub(crate) fn uncovered(&self, bands: &[(i64, i64)]) -> Vec<(i64, i64)> {
        let mut sorted: Vec<(i64, i64)> = bands.iter().copied().filter(|(l, h)| l <= h).collect();
        sorted.sort();
        let mut gaps = Vec::new();
        let mut next = self.min;
        for (low, high) in sorted {
            if low > next {
                gaps.extend(self.within(next, low - 1));
            }
            next = next.max(high.saturating_add(1));
        }
        if next <= self.max {
            gaps.extend(self.within(next, self.max));
        }
        gaps
    }
}

/// A row of bits, 64 to a word.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    fn new(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    fn with_first() -> Self {
        let mut bits = Self::new(1);
        bits.words[0] = 1;
        bits
    }

    fn get(&self, index: usize) -> bool {
        index < self.len && self.words[index / 64] >> (index % 64) & 1 == 1
    }

    /// Sets every bit of `other` moved up by `shift` (bits past the end are dropped).
    fn or_shifted(&mut self, other: &Bits, shift: usize) {
        let (word_shift, bit_shift) = (shift / 64, shift % 64);
        for (index, &word) in other.words.iter().enumerate() {
            let at = index + word_shift;
            if let Some(slot) = self.words.get_mut(at) {
                *slot |= word << bit_shift;
            }
            if bit_shift > 0
                && let Some(slot) = self.words.get_mut(at + 1)
            {
                *slot |= word >> (64 - bit_shift);
            }
        }
    }
}

/// The totals of ticking at least one of `points` (a `multiple` question). When they spread
/// too wide to track one by one, the lowest and highest stand for them all, as in [`Reachable`].
pub(crate) fn nonempty_subset_sums(points: &[i64]) -> Vec<i64> {
    let lowest: i64 = points
        .iter()
        .filter(|&&p| p < 0)
        .fold(0, |a, &p| a.saturating_add(p));
    let highest: i64 = points
        .iter()
        .filter(|&&p| p > 0)
        .fold(0, |a, &p| a.saturating_add(p));
    let some_point = |pick: fn(&[i64]) -> Option<i64>| pick(points).unwrap_or(0);
    // Ticking one option at least: the extremes when every point has one sign.
    let min = if lowest < 0 {
        lowest
    } else {
        some_point(|p| p.iter().copied().min())
    };
    let max = if highest > 0 {
        highest
    } else {
        some_point(|p| p.iter().copied().max())
    };
    if points.is_empty() {
        return Vec::new();
    }
    if highest.saturating_sub(lowest) >= TRACKED_SPAN {
        return vec![min, max];
    }
    let span = (highest - lowest + 1) as usize;
    // `with[i]`: `lowest + i` is the total of a non-empty subset; `any[i]`: of any subset.
    let mut any = vec![false; span];
    let mut with = vec![false; span];
    any[(-lowest) as usize] = true;
    for &p in points {
        let before_any = any.clone();
        let before_with = with.clone();
        for index in 0..span {
            if before_any[index] || before_with[index] {
                let moved = index as i64 + p;
                if (0..span as i64).contains(&moved) {
                    with[moved as usize] = true;
                    any[moved as usize] = true;
                }
            }
        }
    }
    (0..span)
        .filter(|&index| with[index])
        .map(|index| lowest + index as i64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(labels: i64) -> Vec<i64> {
        (0..labels).collect()
    }

    #[test]
    fn likert_items_add_up_whichever_way_they_are_scored() {
        // Five-point items score 0..4 forwards and 4..0 reversed: the same points either way.
        let reversed: Vec<i64> = scale(5).into_iter().rev().collect();
        let quiz = [scale(5), reversed, scale(5)];
        let reachable = Reachable::of(&quiz);
        assert_eq!((reachable.min, reachable.max), (0, 12));
        assert!((0..=12).all(|t| reachable.contains(t)));
        assert!(!reachable.contains(13) && !reachable.contains(-1));
    }

    #[test]
    fn negative_points_lower_the_minimum() {
        let reachable = Reachable::of(&[vec![-2, 0, 3], vec![1, 2]]);
        assert_eq!((reachable.min, reachable.max), (-1, 5));
    }

    #[test]
    fn totals_between_the_extremes_may_be_unreachable() {
        let reachable = Reachable::of(&[vec![0, 5], vec![0, 5]]);
        assert_eq!((reachable.min, reachable.max), (0, 10));
        assert!(reachable.contains(5) && !reachable.contains(4));
        assert_eq!(reachable.within(1, 4), None);
        assert_eq!(reachable.within(1, 9), Some((5, 5)));
    }

    #[test]
    fn a_multiple_choice_question_needs_at_least_one_tick() {
        assert_eq!(nonempty_subset_sums(&[2, 3]), [2, 3, 5]);
        assert_eq!(nonempty_subset_sums(&[-1, 2]), [-1, 1, 2]);
        let reachable = Reachable::of(&[nonempty_subset_sums(&[1, 1, 1])]);
        assert_eq!((reachable.min, reachable.max), (1, 3));
    }

    #[test]
    fn unscored_questions_change_nothing() {
        let reachable = Reachable::of(&[vec![], scale(3)]);
        assert_eq!((reachable.min, reachable.max), (0, 2));
    }

    #[test]
    fn gaps_between_bands_are_reported_only_where_a_reader_can_land() {
        let reachable = Reachable::of(&[scale(5), scale(5)]);
        assert_eq!(reachable.uncovered(&[(0, 3), (4, 8)]), []);
        assert_eq!(reachable.uncovered(&[(0, 3), (6, 8)]), [(4, 5)]);
        assert_eq!(reachable.uncovered(&[(2, 8)]), [(0, 1)]);
        assert_eq!(reachable.uncovered(&[(0, 5)]), [(6, 8)]);
        assert_eq!(reachable.uncovered(&[]), [(0, 8)]);
        let fives = Reachable::of(&[vec![0, 5], vec![0, 5]]);
        assert_eq!(fives.uncovered(&[(0, 0), (5, 5), (10, 10)]), []);
        assert_eq!(fives.uncovered(&[(0, 4), (10, 12)]), [(5, 5)]);
    }

    #[test]
    fn ten_thousand_yes_no_statements_reach_every_total() {
        let quiz = vec![vec![0, 1]; 10_000];
        let reachable = Reachable::of(&quiz);
        assert_eq!((reachable.min, reachable.max), (0, 10_000));
        assert!((0..=10_000).all(|t| reachable.contains(t)));
        assert_eq!(
            reachable.uncovered(&[(0, 4_999), (5_001, 10_000)]),
            [(5_000, 5_000)]
        );
    }

    #[test]
    fn options_worth_powers_of_two_do_not_explode() {
        let points: Vec<i64> = (0..62).map(|bit| 1_i64 << bit).collect();
        assert_eq!(nonempty_subset_sums(&points), [1, (1 << 62) - 1]);
        let extreme = [i64::MIN, i64::MAX, -1];
        assert_eq!(nonempty_subset_sums(&extreme).len(), 2);
    }

    #[test]
    fn very_wide_ranges_count_every_total() {
        let reachable = Reachable::of(&[vec![0, 1 << 30], vec![0, 1]]);
        assert_eq!((reachable.min, reachable.max), (0, (1 << 30) + 1));
        assert!(reachable.contains(12));
    }
}
