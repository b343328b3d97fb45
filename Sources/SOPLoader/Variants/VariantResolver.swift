import Foundation
import SOPCore

/// Resolves an SOP file that `extends:` another into the flat YAML tree of a complete SOP.
///
/// The merge happens on the YAML tree, before decoding, so every node of the result keeps
/// the file, line and column it came from: a problem in a variant points into the variant,
/// one inherited from the base into the base, and a `next` rewritten by a change points at
/// that change. What a variant may say:
///
/// - any top-level field replaces the base's (`identity` and `timeDefaults` are merged key by
///   key, `null` removing a key; `roles` and `documents` by `id`: a known id is updated, a new
///   one added);
/// - `changes:` edits the base's steps in order: `insert-after`, `insert-before`, `replace`,
///   `add-branch` (a parallel branch: the step forks to the new one too), `remove`, `set`
///   (retime, reassign to one role or several, rewrite fields, requirements, timers) and
///   `retarget` (move a transition); step numbers are then renumbered in order. Each kind is
///   one function below.
struct VariantResolver {
    /// Files being resolved, outermost first, to report `extends` cycles.
    var stack: [String] = []
    var diagnostics: [Diagnostic] = []
    /// Text of every file read, by displayed path, for printing source lines.
    var texts: [String: String] = [:]

    static let operations = ["insert-after", "insert-before", "replace", "add-branch", "remove", "set", "retarget"]
    /// The fields `set` may change (a step's fields but its id and row number).
    static let stepFields = ["kind", "purpose", "actor", "participants", "activity", "inputs", "outputs", "time", "note", "next",
                             "outcomes", "provenance", "requirements", "timers"]

    /// `root` (of the file shown as `file`, which lies in the folder `directory`, by default the
    /// displayed path's) with its `extends` resolved; nil when the base cannot be used (the
    /// reason is in ``diagnostics``, located at the `extends` line).
    mutating func resolve(_ root: YAMLValue, file: String, directory: String? = nil) -> YAMLValue? {
        guard let extends = root["extends"] else { return root }
        guard case .scalar(let target, .string, let at) = extends else {
            report(.extendsProblem, "extends must name an SOP file, not \(extends.typeDescription)", at: extends.location,
                   hint: "write the base's path relative to this file, e.g. `extends: serdang-bedagai-pengaduan.yaml`")
            return nil
        }
        let folder = directory ?? Self.directory(of: file)
        let basePath = Self.join(directory: Self.directory(of: file), target)
        let baseFolder = Self.directory(of: Self.join(directory: folder, target))
        if let k = basePath == file ? stack.count : stack.firstIndex(of: basePath) {
            let cycle = (stack[k...] + [file, basePath]).joined(separator: " → ")
            report(.extendsProblem, "extends forms a cycle: \(cycle)", at: at, hint: "a variant cannot extend itself, directly or through others")
            return nil
        }
        let read = YAMLReader.read(path: Self.join(directory: folder, target), displayPath: basePath)
        if let text = read.text { texts[basePath] = text }
        guard let baseRoot = read.root else {
            if read.diagnostics.contains(where: { $0.message == "no such file" }) {
                let siblings = (try? FileManager.default.contentsOfDirectory(atPath: baseFolder)) ?? []
                let name = Self.lastComponent(of: target), targetFolder = Self.directory(of: target)
                report(.extendsProblem, "the base SOP '\(target)' does not exist", at: at,
                       hint: closestMatch(to: name, in: siblings.filter { $0.hasSuffix(".yaml") }.sorted())
                           .map { "did you mean '\(targetFolder == "." ? $0 : targetFolder + "/" + $0)'?" } ?? "the path is relative to this file")
            } else {
                // Problems inside a file that was read are reported there too.
                if read.text != nil { diagnostics += read.diagnostics }
                let reason = read.diagnostics.first.map { ": \($0.message)" } ?? ""
                report(.extendsProblem, "the base SOP '\(target)' cannot be used\(reason)", at: at,
                       hint: read.text != nil ? "its problems are reported in it" : "name an SOP file, relative to this file")
            }
            return nil
        }
        diagnostics += read.diagnostics
        stack.append(file)
        defer { stack.removeLast() }
        guard let base = resolve(baseRoot, file: basePath, directory: baseFolder) else { return nil }
        return apply(variant: root, to: base, baseFile: basePath, file: file)
    }

    // MARK: Merging

    private mutating func apply(variant: YAMLValue, to base: YAMLValue, baseFile: String, file: String) -> YAMLValue {
        guard case .mapping(var entries, let rootLocation) = base, case .mapping(let changes, _) = variant else { return base }
        for entry in changes {
            switch entry.key {
            case "extends", "changes":
                continue
            case "identity", "timeDefaults":
                set(&entries, entry, merged: Self.deepMerge(entries.first { $0.key == entry.key }?.value, entry.value))
            case "roles", "documents":
                set(&entries, entry, merged: mergeByID(entries.first { $0.key == entry.key }?.value, entry.value))
            default:
                set(&entries, entry, merged: entry.value)
            }
        }
        // A calendar inherited from a base in another folder stays the same file.
        if !changes.contains(where: { $0.key == "calendar" }), let i = entries.firstIndex(where: { $0.key == "calendar" }),
           case .scalar(let name, let kind, let l) = entries[i].value, !name.hasPrefix("/"),
           Self.directory(of: baseFile) != Self.directory(of: file) {
            let joined = Self.join(directory: Self.directory(of: baseFile), name)
            // Relative to this file when both are relative; otherwise the absolute path.
            let path = joined.hasPrefix("/") != Self.directory(of: file).hasPrefix("/")
                ? URL(fileURLWithPath: joined).standardizedFileURL.path : Self.relative(joined, from: Self.directory(of: file))
            entries[i].value = .scalar(path, kind, l)
        }
        if let ops = changes.first(where: { $0.key == "changes" })?.value,
           let s = entries.firstIndex(where: { $0.key == "steps" }) {
            entries[s].value = applyChanges(ops, to: entries[s].value)
        }
        return .mapping(entries, rootLocation)
    }

    private func set(_ entries: inout [YAMLValue.Entry], _ entry: YAMLValue.Entry, merged: YAMLValue) {
        if let i = entries.firstIndex(where: { $0.key == entry.key }) {
            entries[i] = YAMLValue.Entry(key: entry.key, keyLocation: entry.keyLocation, value: merged)
        } else {
            entries.append(YAMLValue.Entry(key: entry.key, keyLocation: entry.keyLocation, value: merged))
        }
    }

    /// Mappings merged key by key, the variant's value winning and `null` removing the key
    /// (as in JSON Merge Patch, RFC 7386); anything else replaced.
    static func deepMerge(_ base: YAMLValue?, _ variant: YAMLValue) -> YAMLValue {
        guard case .mapping(var entries, _)? = base, case .mapping(let changes, let l) = variant else { return variant }
        for c in changes {
            if c.value.isNull {
                entries.removeAll { $0.key == c.key }
            } else if let i = entries.firstIndex(where: { $0.key == c.key }) {
                entries[i] = YAMLValue.Entry(key: c.key, keyLocation: c.keyLocation, value: deepMerge(entries[i].value, c.value))
            } else {
                entries.append(c)
            }
        }
        return .mapping(entries, l)
    }

    /// Lists of `{id: …}` mappings merged by id, in the base's order, new ids at the end.
    private func mergeByID(_ base: YAMLValue?, _ variant: YAMLValue) -> YAMLValue {
        guard case .sequence(var items, _)? = base, case .sequence(let changes, let l) = variant else { return variant }
        for c in changes {
            if let id = c.id, let i = items.firstIndex(where: { $0.id == id }) {
                items[i] = Self.deepMerge(items[i], c)
            } else {
                items.append(c)
            }
        }
        return .sequence(items, l)
    }

    // MARK: Step changes

    /// Where a change applies: the step list, the target step's index, id and position, the
    /// change's fields and its own position.
    private struct Change {
        var kind: String
        var target: String
        var targetLocation: SourceLocation
        var fields: [YAMLValue.Entry]
        var location: SourceLocation
        var index: Int

        func value(_ key: String) -> YAMLValue? { fields.first { $0.key == key }?.value }
    }

    private mutating func applyChanges(_ ops: YAMLValue, to steps: YAMLValue) -> YAMLValue {
        guard case .sequence(var list, let listLocation) = steps else { return steps }
        guard case .sequence(let changes, _) = ops else {
            report(.wrongType, "changes must be a list of edits, not \(ops.typeDescription)", at: ops.location,
                   hint: "e.g. `- {insert-after: telaah-pengaduan, step: {...}}`")
            return steps
        }
        /// Removed step ids and the change that removed each.
        var removed: [String: SourceLocation] = [:]
        for op in changes {
            guard let change = parse(op, in: list, removed: removed) else { continue }
            switch change.kind {
            case "insert-after": insertAfter(change, &list)
            case "insert-before": insertBefore(change, &list)
            case "replace": replace(change, &list)
            case "add-branch": addBranch(change, &list)
            case "remove":
                Self.remove(change, &list)
                removed[change.target] = change.targetLocation
            case "set": setFields(change, &list)
            case "retarget": retarget(change, &list)
            default: break
            }
        }
        // References left pointing at a removed step.
        for step in list {
            for (target, location) in step.transitionTargets where removed[target] != nil && !list.contains(where: { $0.id == target }) {
                report(.unknownStep, "step '\(target)' was removed by the change at line \(removed[target]!.line) but '\(step.id ?? "?")' still leads to it",
                       at: location, hint: "add `{retarget: \(step.id ?? "…"), …, next: …}` before or after the removal")
            }
        }
        // Rows are renumbered in their new order.
        for k in list.indices {
            let no = list[k]["no"]
            if no?.scalarText != String(k + 1) {
                list[k] = Self.setting(list[k], "no", to: .scalar(String(k + 1), .int, no?.location ?? list[k].location))
            }
        }
        return .sequence(list, listLocation)
    }

    /// The change `op` checked against the steps as they are: exactly one operation, naming a
    /// step that exists, with only the fields it takes; nil (reported) otherwise.
    private mutating func parse(_ op: YAMLValue, in list: [YAMLValue], removed: [String: SourceLocation]) -> Change? {
        guard case .mapping(let fields, _) = op else {
            report(.wrongType, "a change must be a mapping such as `{remove: step-id}`, not \(op.typeDescription)", at: op.location)
            return nil
        }
        let kinds = fields.filter { Self.operations.contains($0.key) }
        guard kinds.count == 1, let kind = kinds.first else {
            let unknown = fields.first { !["step", "next", "outcome"].contains($0.key) && !Self.operations.contains($0.key) }
            if kinds.count > 1 {
                report(.changeProblem, "a change does one thing; this one says \(kinds.map(\.key).joined(separator: " and "))",
                       at: op.location, hint: "split it into two changes")
            } else if let unknown {
                report(.unknownKey, "unknown change '\(unknown.key)'", at: unknown.keyLocation,
                       hint: closestMatch(to: unknown.key, in: Self.operations).map { "did you mean '\($0)'?" }
                           ?? "one of: \(Self.operations.joined(separator: ", "))")
            } else {
                report(.changeProblem, "a change needs one of: \(Self.operations.joined(separator: ", "))", at: op.location)
            }
            return nil
        }
        guard case .scalar(let target, _, let targetLocation) = kind.value else {
            report(.wrongType, "\(kind.key) names a step id, not \(kind.value.typeDescription)", at: kind.value.location)
            return nil
        }
        guard let i = list.firstIndex(where: { $0.id == target }) else {
            if let by = removed[target] {
                report(.changeProblem, "step '\(target)' was removed by the change at line \(by.line)", at: targetLocation,
                       hint: "drop this change, or do it before the removal")
            } else {
                report(.unknownStep, "\(kind.key): there is no step '\(target)'", at: targetLocation,
                       hint: closestMatch(to: target, in: list.compactMap(\.id)).map { "did you mean '\($0)'?" })
            }
            return nil
        }
        let allowed: Set<String> = switch kind.key {
        case "insert-after", "insert-before", "replace", "add-branch": ["step"]
        case "retarget": ["next", "outcome"]
        case "remove": []
        default: Set(Self.stepFields)
        }
        var strays = false
        for f in fields where f.key != kind.key && !allowed.contains(f.key) {
            strays = true
            if kind.key == "set" && (f.key == "id" || f.key == "no") {
                report(.changeProblem, "`set` cannot change a step's \(f.key == "id" ? "id; replace the step instead" : "row number; rows are renumbered in order")",
                       at: f.keyLocation)
                continue
            }
            report(.unknownKey, "`\(kind.key)` does not take '\(f.key)'", at: f.keyLocation,
                   hint: closestMatch(to: f.key, in: allowed.sorted()).map { "did you mean '\($0)'?" }
                       ?? (allowed.isEmpty ? "`\(kind.key)` takes only the step id" : "it takes: \(allowed.sorted().joined(separator: ", "))"))
        }
        if strays { return nil }
        let change = Change(kind: kind.key, target: target, targetLocation: targetLocation, fields: fields, location: op.location, index: i)
        if allowed == ["step"] {
            guard let step = change.value("step"), case .mapping = step else {
                report(.missingKey, "\(kind.key) needs `step:` with the new step", at: op.location)
                return nil
            }
        }
        return change
    }

    /// A new step that continues (not a decision, not the end) and says no `next` leads on.
    private static func continues(_ step: YAMLValue) -> Bool {
        step["next"] == nil && step["outcomes"] == nil && step["kind"]?.scalarText != "end"
    }

    /// `insert-after`: the new step leads where the target led (a fork's branches too) unless it
    /// says `next`, and the target leads to it.
    private mutating func insertAfter(_ c: Change, _ list: inout [YAMLValue]) {
        let step = c.value("step")!
        guard let old = list[c.index]["next"] else {
            report(.changeProblem, "cannot insert after '\(c.target)': it has no single next step (a decision or the end)",
                   at: c.targetLocation, hint: "insert before the step an outcome leads to, or use `retarget` on the outcome")
            return
        }
        let new = Self.continues(step) ? Self.setting(step, "next", to: Self.moved(old, to: step.location)) : step
        list[c.index] = Self.setting(list[c.index], "next", to: .scalar(new.id ?? "", .string, step.location))
        list.insert(new, at: c.index + 1)
    }

    /// `insert-before`: earlier rows that led to the target (by `next`, a fork's branch or an
    /// outcome) now lead to the new step, which leads to the target unless it says `next`; loops
    /// back from later rows still return to the target.
    private func insertBefore(_ c: Change, _ list: inout [YAMLValue]) {
        let step = c.value("step")!
        let newID = step.id ?? ""
        for k in 0..<c.index { list[k] = Self.redirect(list[k], from: c.target, to: .scalar(newID, .string, step.location), at: step.location) }
        let new = Self.continues(step) ? Self.setting(step, "next", to: .scalar(c.target, .string, step.location)) : step
        list.insert(new, at: c.index)
    }

    /// `replace`: the new step takes the target's place; under another id, every reference follows.
    private func replace(_ c: Change, _ list: inout [YAMLValue]) {
        let step = c.value("step")!
        list[c.index] = step
        if let newID = step.id, newID != c.target {
            for k in list.indices { list[k] = Self.redirect(list[k], from: c.target, to: .scalar(newID, .string, step.location), at: step.location) }
        }
    }

    /// `add-branch`: the target forks to the new step besides where it already leads (a step with
    /// one `next` becomes a fork of two, a fork gains a branch). The new step must say `next`: the
    /// join where it meets the other branches. It is written just before the join when the join
    /// comes later in the table, else just after the target.
    private mutating func addBranch(_ c: Change, _ list: inout [YAMLValue]) {
        let step = c.value("step")!
        guard let old = list[c.index]["next"] else {
            report(.changeProblem, "cannot add a branch to '\(c.target)': it has no `next` to fork (a decision or the end)",
                   at: c.targetLocation, hint: "a decision chooses one outcome; add the branch to the step before or after it")
            return
        }
        guard let join = step["next"], step["outcomes"] == nil, step["kind"]?.scalarText != "end" else {
            report(.changeProblem, "the new branch '\(step.id ?? "?")' of '\(c.target)' needs `next`: the step where the branches meet",
                   at: step.location, hint: "e.g. `next: verifikasi`, the join step every branch of the fork reaches")
            return
        }
        let newID = step.id ?? ""
        var branches: [YAMLValue]
        switch old {
        case .sequence(let items, _): branches = items
        default: branches = [old]
        }
        if branches.contains(where: { $0.scalarText == newID }) {
            report(.changeProblem, "'\(c.target)' already leads to '\(newID)'", at: step.location)
            return
        }
        branches.append(.scalar(newID, .string, step.location))
        list[c.index] = Self.setting(list[c.index], "next", to: .sequence(branches, step.location))
        if let j = list.firstIndex(where: { $0.id == join.scalarText }), j > c.index {
            list.insert(step, at: j)
        } else {
            list.insert(step, at: c.index + 1)
        }
    }

    /// `remove`: the steps that led to the target lead where it led instead (when it had a `next`;
    /// a step before it then forks when it forked). A fork that loses a branch this way keeps
    /// only the branches not reached from another one, and one branch left is a plain `next`.
    private static func remove(_ c: Change, _ list: inout [YAMLValue]) {
        let gone = list.remove(at: c.index)
        guard let next = gone["next"] else { return }
        for k in list.indices {
            let before = list[k]
            list[k] = redirect(list[k], from: c.target, to: moved(next, to: c.targetLocation), at: c.targetLocation)
            if case .sequence = before["next"], before["next"]?.sequenceItems.map(\.scalarText) != list[k]["next"]?.sequenceItems.map(\.scalarText) {
                list[k] = pruned(fork: list[k], in: list)
            }
        }
    }

    /// `set`: the named fields replace the target's.
    private mutating func setFields(_ c: Change, _ list: inout [YAMLValue]) {
        guard c.fields.count > 1 else {
            report(.changeProblem, "`set: \(c.target)` names no field to change", at: c.location,
                   hint: "e.g. `time: {value: 3, unit: working-days}` or `actor: …`")
            return
        }
        var updated = list[c.index]
        for f in c.fields where f.key != "set" { updated = Self.setting(updated, f.key, to: f.value, keyLocation: f.keyLocation) }
        list[c.index] = updated
    }

    /// `retarget`: the target's `next` (a fork's whole list), or with `outcome` that outcome's, moves.
    private mutating func retarget(_ c: Change, _ list: inout [YAMLValue]) {
        guard let next = c.value("next") else {
            report(.missingKey, "retarget needs `next:` with the new target", at: c.location)
            return
        }
        let i = c.index
        if let outcome = c.value("outcome") {
            guard case .sequence(var outcomes, let l)? = list[i]["outcomes"],
                  let o = outcomes.firstIndex(where: { $0.id == outcome.scalarText }) else {
                let known = list[i]["outcomes"]?.sequenceItems.compactMap(\.id) ?? []
                report(.changeProblem, "step '\(c.target)' has no outcome '\(outcome.scalarText ?? "")'", at: outcome.location,
                       hint: closestMatch(to: outcome.scalarText ?? "", in: known).map { "did you mean '\($0)'?" }
                           ?? (known.isEmpty ? "it is not a decision" : "outcomes: \(known.joined(separator: ", "))"))
                return
            }
            outcomes[o] = Self.setting(outcomes[o], "next", to: next)
            list[i] = Self.setting(list[i], "outcomes", to: .sequence(outcomes, l))
        } else {
            guard list[i]["next"] != nil else {
                report(.changeProblem, "step '\(c.target)' has no single next step to retarget", at: c.targetLocation,
                       hint: "name the outcome: `{retarget: \(c.target), outcome: …, next: …}`")
                return
            }
            list[i] = Self.setting(list[i], "next", to: next)
        }
    }

    /// `node` with `key` set to `value` (added at the end when missing).
    static func setting(_ node: YAMLValue, _ key: String, to value: YAMLValue, keyLocation: SourceLocation? = nil) -> YAMLValue {
        guard case .mapping(var entries, let l) = node else { return node }
        if let i = entries.firstIndex(where: { $0.key == key }) {
            entries[i].value = value
        } else {
            // A row number goes first, where a reader of the YAML looks for it.
            entries.insert(YAMLValue.Entry(key: key, keyLocation: keyLocation ?? value.location, value: value),
                           at: key == "no" ? 0 : entries.count)
        }
        return .mapping(entries, l)
    }

    /// A `next` (one id or a fork's list) placed at `location`: the change that moved it.
    static func moved(_ next: YAMLValue, to location: SourceLocation) -> YAMLValue {
        switch next {
        case .sequence(let items, _): .sequence(items.map { .scalar($0.scalarText ?? "", .string, location) }, location)
        default: .scalar(next.scalarText ?? "", .string, location)
        }
    }

    /// A step whose `next`, fork branch or outcome targets `from` now leads to `to` (one id, or
    /// a fork's list: then a `next` forks, a branch is replaced by the list's branches, and an
    /// outcome, which cannot fork, is left for the check of removed references).
    static func redirect(_ step: YAMLValue, from: String, to: YAMLValue, at location: SourceLocation) -> YAMLValue {
        var step = step
        switch step["next"] {
        case .scalar(let text, _, _)? where text == from:
            step = setting(step, "next", to: to)
        case .sequence(let items, let l)? where items.contains(where: { $0.scalarText == from }):
            var branches: [YAMLValue] = []
            for item in items {
                let replacement = item.scalarText == from ? (to.sequenceItems.isEmpty ? [to] : to.sequenceItems) : [item]
                for r in replacement where !branches.contains(where: { $0.scalarText == r.scalarText }) { branches.append(r) }
            }
            step = setting(step, "next", to: branches.count == 1 ? branches[0] : .sequence(branches, l))
        default:
            break
        }
        guard let target = to.scalarText else { return step }
        if case .sequence(var outcomes, let l)? = step["outcomes"] {
            var changed = false
            for k in outcomes.indices where outcomes[k]["next"]?.scalarText == from {
                outcomes[k] = setting(outcomes[k], "next", to: .scalar(target, .string, location))
                changed = true
            }
            if changed { step = setting(step, "outcomes", to: .sequence(outcomes, l)) }
        }
        return step
    }

    /// A fork without the branches that another of its branches reaches (a removed branch's
    /// place taken by the join), as a plain `next` when one branch is left.
    static func pruned(fork step: YAMLValue, in list: [YAMLValue]) -> YAMLValue {
        guard case .sequence(let items, let l)? = step["next"] else { return step }
        // Forward transitions only: a revision loop back to the fork would make every branch reach every other.
        var successors: [String: [String]] = [:]
        for s in list {
            guard let id = s.id else { continue }
            let forward = s["outcomes"]?.sequenceItems.filter { $0["revision"]?.scalarText != "true" }.compactMap { $0["next"]?.scalarText } ?? []
            successors[id] = ([s["next"]?.scalarText].compactMap { $0 }) + (s["next"]?.sequenceItems.compactMap(\.scalarText) ?? []) + forward
        }
        func reaches(_ from: String, _ to: String) -> Bool {
            var seen: Set<String> = [from], stack = [from]
            while let s = stack.popLast() {
                for n in successors[s] ?? [] where !seen.contains(n) {
                    if n == to { return true }
                    seen.insert(n); stack.append(n)
                }
            }
            return false
        }
        let kept = items.filter { item in
            !items.contains { other in other.scalarText != item.scalarText && reaches(other.scalarText ?? "", item.scalarText ?? "") }
        }
        guard !kept.isEmpty, kept.count < items.count else { return step }
        return setting(step, "next", to: kept.count == 1 ? kept[0] : .sequence(kept, l))
    }

    private mutating func report(_ rule: Rule, _ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(Diagnostic(rule, message, at: location, hint: hint))
    }

    // MARK: Paths

    // Plain string functions with POSIX meaning (Foundation's `NSString.deletingLastPathComponent`
    // traps on a one-character path such as `s` in debug builds: issue #16, finding 3).

    /// The folder part of `path` (`dirname`): `a/b` → `a`, `b` → `.`, `/b` → `/`, `a/b/` → `a`.
    static func directory(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        var d = p[..<slash]
        while d.hasSuffix("/") { d = d.dropLast() }
        return d.isEmpty ? "/" : String(d)
    }

    /// The last component of `path` (`basename`): `a/b` → `b`, `a/b/` → `b`, `/` → `/`.
    static func lastComponent(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard p != "/", let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// `name` relative to `directory`, normalised (`a/./b/../c` → `a/c`), kept relative when both
    /// are; an absolute `name` is normalised alone (`..` at the root stays at the root).
    static func join(directory: String, _ name: String) -> String {
        let absolute = name.hasPrefix("/") || (directory.hasPrefix("/"))
        let whole = name.hasPrefix("/") ? name : directory + "/" + name
        var parts: [String] = []
        for p in whole.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
            if p == "." { continue }
            if p == ".." {
                if let last = parts.last, last != ".." { parts.removeLast(); continue }
                if absolute { continue }
            }
            parts.append(p)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// `path` as seen from `directory` (both relative to the same place, or both absolute).
    static func relative(_ path: String, from directory: String) -> String {
        let a = join(directory: ".", path).split(separator: "/").map(String.init)
        let b = directory == "." ? [] : join(directory: ".", directory).split(separator: "/").map(String.init)
        var common = 0
        while common < a.count - 1 && common < b.count && a[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: b.count - common) + a[common...]).joined(separator: "/")
    }
}

extension YAMLValue {
    /// The `id` of a mapping, when it is a scalar.
    var id: String? { self["id"]?.scalarText }

    var scalarText: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    var sequenceItems: [YAMLValue] {
        if case .sequence(let items, _) = self { return items }
        return []
    }

    /// Where a step leads: its `next` (every branch of a fork) and every outcome's `next`, with
    /// their positions.
    var transitionTargets: [(String, SourceLocation)] {
        var out: [(String, SourceLocation)] = []
        if let n = self["next"], let t = n.scalarText { out.append((t, n.location)) }
        for b in self["next"]?.sequenceItems ?? [] { if let t = b.scalarText { out.append((t, b.location)) } }
        for o in self["outcomes"]?.sequenceItems ?? [] {
            if let n = o["next"], let t = n.scalarText { out.append((t, n.location)) }
        }
        return out
    }
}
