import Foundation
import Hummingbird
import SOPCore
import SOPLoader
import SOPStore

/// Publishing a revision of an SOP to its running cases, for administrators: the server reads
/// the SOP's file again (the administrator has replaced it), moves every open case as
/// `sop case migrate` does, and opens new cases under the revision from then on.
extension CaseAPI {
    struct MigrateBody: Decodable {
        var dryRun: Bool?
        /// Old step id → new step id, for the open steps the revision renames or removes.
        var map: [String: String]?
        var skipRefused: Bool?
    }

    func addRevisionRoutes(to group: RouterGroup<SOPRequestContext>) {
        group.post("sops/:id/migrate") { request, context in
            let officer = context.officer!
            guard officer.roles.contains(Deployment.administratorRole) else {
                throw APIError(.forbidden, "not-administrator", "publishing a revision needs the '\(Deployment.administratorRole)' role")
            }
            let id = try context.parameters.require("id")
            guard let current = config.sop(id) else { throw APIError(.notFound, "unknown-sop", "no SOP '\(id.prefix(64))' in this deployment") }
            let body = try await request.decode(as: MigrateBody.self, context: context)
            let map = body.map ?? [:]
            for (old, new) in map.sorted(by: { $0.key < $1.key }) where !SOPLoader.isID(old) || !SOPLoader.isID(new) {
                throw APIError(.invalid, "bad-map", "map takes step ids to step ids, not '\(old.prefix(64))' → '\(new.prefix(64))'")
            }
            guard let file = config.files[id] else {
                throw APIError(.unavailable, "no-sop-file", "SOP '\(id)' was not loaded from a file this server can read again")
            }
            let definition = try Self.revision(file: file, id: id)
            let dryRun = body.dryRun ?? false, skip = body.skipRefused ?? false
            let run = try await service.migrate(to: definition, hash: definition.contentHash, map: map, dryRun: dryRun, skipRefused: skip,
                                                actor: officer.id, at: config.clock())
            // From now on new cases open under the revision (its calendar stays the agency's).
            if !dryRun, run.refused.isEmpty || skip {
                config.shelf.publish(AgencySOP(definition: definition, hash: definition.contentHash, calendar: current.calendar))
                queues.invalidate()
            }
            return EditedResponse(status: run.refused.isEmpty || skip ? .ok : .conflict, response: MigrationView(run, offset: offset))
        }
    }

    /// The SOP in `file` as it is now: valid, and the same SOP.
    static func revision(file: String, id: String) throws -> SOPDefinition {
        let loaded = SOPLoader.load(path: file)
        guard let definition = loaded.validDefinition else {
            let errors = loaded.diagnostics.filter(\.isError)
            let first = errors.first.map { d in "\(d.location.map { "\($0.file):\($0.line):\($0.column): " } ?? "")[\(d.code)] \(d.message)" } ?? ""
            throw APIError(.invalid, "invalid-sop", "the SOP file has \(errors.count) error\(errors.count == 1 ? "" : "s") (`sop validate` lists them): \(first)")
        }
        guard definition.id == id else {
            throw APIError(.invalid, "invalid-sop", "the SOP file now holds SOP '\(definition.id)', not '\(id)'")
        }
        return definition
    }
}

/// What a migration did (or would do), instants in the agency's zone as the API writes them.
struct MigrationView: ResponseEncodable {
    struct Move: Encodable { var from: String; var to: String; var dueBefore: String?; var dueAfter: String? }
    struct Moved: Encodable { var caseID: String; var fromHash: String; var dueBefore: String?; var dueAfter: String?; var steps: [Move] }
    struct Refusal: Encodable { var caseID: String; var code: String; var message: String }
    var definitionHash: String
    var dryRun: Bool
    var stored: Bool
    var moved: [Moved]
    var current: [String]
    var refused: [Refusal]

    init(_ run: CaseService.MigrationRun, offset: Int) {
        func local(_ i: Instant?) -> String? { i?.iso8601(utcOffsetSeconds: offset) }
        definitionHash = run.definitionHash
        dryRun = run.dryRun
        stored = run.stored
        moved = run.moved.map { m in
            Moved(caseID: m.caseID, fromHash: m.fromHash, dueBefore: local(m.dueBefore), dueAfter: local(m.dueAfter),
                  steps: m.moves.map { Move(from: $0.from, to: $0.to, dueBefore: local($0.dueBefore), dueAfter: local($0.dueAfter)) })
        }
        current = run.current
        refused = run.refused.map { Refusal(caseID: $0.caseID, code: $0.error.code, message: $0.error.description) }
    }
}
