//! Which totals a reader can reach: each question's possible points, added up over the quiz.

/// Totals this far apart or more are treated as all reachable, rather than tracked one by one.
const TRACKED_SPAN: i64 = 1 << 20;

/// The totals a reader can reach by answering every scored question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reachable {
    pub min: i64,
    pub max: i64,
    /// `reached[i]` tells whether `min + i` can be reached; `None` when every total between
    /// `min` and `max` is counted as reachable (very wide ranges).
    reached: Option<Vec<bool>>,
}

impl Reachable {
    /// Totals of a quiz whose questions can each give one of the listed points.
    /// A question with no possible points (an empty list) counts as 0.
    pub fn of(questions: &[Vec<i64>]) -> Self {
        let mut reachable = Reachable {
            min: 0,
            max: 0,
            reached: Some(vec![true]),
        };
        for points in questions {
            if !points.is_empty() {
                reachable = reachable.plus(points);
            }
        }
        reachable
    }

    fn plus(self, points: &[i64]) -> Self {
        let lowest = *points.iter().min().expect("points are not empty");
        let highest = *points.iter().max().expect("points are not empty");
        let min = self.min.saturating_add(lowest);
        let max = self.max.saturating_add(highest);
        let reached = match self.reached {
            Some(before) if max.saturating_sub(min) < TRACKED_SPAN => {
                let mut after = vec![false; (max - min + 1) as usize];
                for (offset, _) in before.iter().enumerate().filter(|(_, r)| **r) {
                    let total = self.min + offset as i64;
                    for &p in points {
                        after[(total + p - min) as usize] = true;
                    }
                }
                Some(after)
            }
            _ => None,
        };
        Reachable { min, max, reached }
    }

    pub fn contains(&self, total: i64) -> bool {
        if total < self.min || total > self.max {
            return false;
        }
        match &self.reached {
            Some(reached) => reached[(total - self.min) as usize],
            None => true,
        }
    }

    /// The lowest and highest reachable totals from `low` to `high`, if any.
    pub fn within(&self, low: i64, high: i64) -> Option<(i64, i64)> {
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
    pub fn uncovered(&self, bands: &[(i64, i64)]) -> Vec<(i64, i64)> {
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

/// The totals of ticking at least one of `points` (a `multiple` question).
pub fn nonempty_subset_sums(points: &[i64]) -> Vec<i64> {
    let mut sums: Vec<i64> = Vec::new();
    for &p in points {
        let mut more: Vec<i64> = sums.iter().map(|s| s.saturating_add(p)).collect();
        more.push(p);
        sums.extend(more);
        sums.sort_unstable();
        sums.dedup();
    }
    sums
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
    fn very_wide_ranges_count_every_total() {
        let reachable = Reachable::of(&[vec![0, 1 << 30], vec![0, 1]]);
        assert_eq!((reachable.min, reachable.max), (0, (1 << 30) + 1));
        assert!(reachable.contains(12));
    }
}
