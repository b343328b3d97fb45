extension WorkingCalendar {
    /// Whether work due at `due` and still not done at `now` is overdue. The one rule, the
    /// negation of ``isOnTime(due:end:)``: overdue once office time has passed since the due
    /// instant (not at the first office moment after a night, a weekend or a holiday that began
    /// at the due instant, when finishing still counts as on time).
    public func isOverdue(due: Instant, at now: Instant) -> Bool {
        !isOnTime(due: due, end: now)
    }

    /// Whether an open step due at `due` is the agency's delay at `now`, in a case whose
    /// clock stopped at `pausedAt` (the file is with the applicant): while it stands still the
    /// agency's steps are judged at the moment it stopped; an applicant's step, or one without
    /// a due instant, never is. The rule every view of a case, a queue and the store's read
    /// model share.
    public func isOverdue(due: Instant?, at now: Instant, pausedAt: Instant?, applicant: Bool) -> Bool {
        guard !applicant, let due else { return false }
        return isOverdue(due: due, at: pausedAt.map { min($0, now) } ?? now)
    }

    /// The instant before which a due instant is overdue at `now`, for queries that filter many
    /// cases at once: the earliest instant with as much office time before it as `now` (`now`
    /// itself during office hours, the close of the last office period otherwise), so that
    /// `isOverdue(due: d, at: now) == (d < overdueCutoff(at: now))`. Outside the calendar's
    /// years it is `now`, as ``isOnTime(due:end:)`` then compares the instants.
    public func overdueCutoff(at now: Instant) -> Instant {
        guard let p = position(now), let t = instant(atOfficeSeconds: officeSeconds(before: p)) else { return now }
        return min(t, now)
    }
}
