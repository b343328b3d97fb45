import Foundation
import SOPCore
import SOPLoader
import Testing
@testable import SOPCLI

/// `sop deploy`: the deployment file, officers and their tokens.
@Suite struct DeployCommandTests {
    /// A deployment of the Lamandau SOP in a new folder.
    func deployment(_ extra: String = "") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = """
            format: sop-deployment/v1
            agency: Kabupaten Lamandau
            sops: [\(CLI.path("sops/lamandau-pengaduan.yaml"))]
            database: lamandau.db
            officers: officers.yaml
            \(extra)
            """
        let path = dir.appendingPathComponent("deploy.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aDatabaseIsAFileBesideTheDeploymentOrAPostgreSQLServer() throws {
        let file = try #require(DeploymentLoader.load(path: try deployment()).deployment)
        #expect(file.database.hasPrefix("/") && file.database.hasSuffix("/lamandau.db"))
        let text = try String(contentsOfFile: try deployment(), encoding: .utf8)
        let url = "postgres://sop@db.kabupaten.go.id:5432/lamandau"
        let path = CLI.temporaryFile("deploy.yaml", text.replacingOccurrences(of: "database: lamandau.db", with: "database: \(url)"))
        let server = try #require(DeploymentLoader.load(path: path).deployment)
        #expect(server.database == url && Deployment.isDatabaseURL(server.database))
    }

    @Test func addOfficerStoresOnlyTheHashAndTheTokenWorksOnce() async throws {
        let config = try deployment()
        let r = await CLI.run("deploy", "add-officer", "--config", config, "--id", "loket-1", "--name", "Petugas Loket", "--role", "help-desk")
        #expect(r.status == 0, "\(r.err)")
        let token = try #require(r.out.split(separator: " ").last.map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(token.hasPrefix("sop_") && token.count > 40)
        let officersFile = URL(fileURLWithPath: config).deletingLastPathComponent().appendingPathComponent("officers.yaml").path
        let stored = try String(contentsOfFile: officersFile, encoding: .utf8)
        #expect(!stored.contains(token))
        #expect(stored.contains("token: sha256:"))
        let loaded = try #require(DeploymentLoader.load(path: config).deployment)
        #expect(loaded.officer(token: token)?.id == "loket-1")
        #expect(loaded.officer(token: token + "x") == nil)
        #expect(loaded.officer(token: "") == nil)
        // Ids are unique; roles must exist.
        let again = await CLI.run("deploy", "add-officer", "--config", config, "--id", "loket-1", "--name", "X", "--role", "help-desk")
        #expect(again.status == 2 && again.err.contains("exists"))
        let typo = await CLI.run("deploy", "add-officer", "--config", config, "--id", "kadis", "--name", "X", "--role", "kepala-dinass")
        #expect(typo.status == 2 && typo.err.contains("did you mean 'kepala-dinas'?"))
        #expect(try String(contentsOfFile: officersFile, encoding: .utf8) == stored)
        // The administrator (who publishes revisions) is a role of every deployment, and passes the check.
        let admin = await CLI.run("deploy", "add-officer", "--config", config, "--id", "admin", "--name", "Admin", "--role", "administrator")
        #expect(admin.status == 0, "\(admin.err)")
        let check = await CLI.run("deploy", "check", "--config", config)
        #expect(check.status == 0, "\(check.out)\(check.err)")
        // Removing revokes the token.
        await #expect(CLI.run("deploy", "remove-officer", "--config", config, "--id", "loket-1").status == 0)
        #expect(DeploymentLoader.load(path: config).deployment?.officer(token: token) == nil)
    }

    @Test func checkSummarisesAValidDeployment() async throws {
        let config = try deployment("public: {sop: lamandau-pengaduan}\nlisten: {port: 9090}")
        let r = await CLI.run("deploy", "check", "--config", config)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Kabupaten Lamandau: 1 SOP (lamandau-pengaduan), 0 officers, listening on 127.0.0.1:9090"))
    }

    @Test func problemsAreLocated() async throws {
        let config = try deployment("listen: {port: 70000}\npublic: {sop: lamandau}")
        let r = await CLI.run("deploy", "check", "--config", config)
        #expect(r.status == 1)
        #expect(r.err.contains("deploy.yaml:6:16: error: [SOP013] port 70000 is not between 1 and 65535"))
        let wrongSOP = try deployment("public: {sop: serdang-bedagai-pengaduan}")
        let w = await CLI.run("deploy", "check", "--config", wrongSOP)
        #expect(w.status == 1 && w.err.contains("public.sop 'serdang-bedagai-pengaduan' is not one of this deployment's SOPs"))
        // A token written in plain text is refused where it stands.
        let plain = try deployment()
        let officers = URL(fileURLWithPath: plain).deletingLastPathComponent().appendingPathComponent("officers.yaml").path
        try "format: sop-officers/v1\nofficers:\n  - {id: a, name: A, roles: [help-desk], token: rahasia123}\n"
            .write(toFile: officers, atomically: true, encoding: .utf8)
        let p = await CLI.run("deploy", "check", "--config", plain)
        #expect(p.status == 1 && p.err.contains("officers.yaml:3:49: error: [SOP014] token must be stored hashed"))
    }
}
