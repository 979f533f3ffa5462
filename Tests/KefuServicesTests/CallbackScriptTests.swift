import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

final class CallbackScriptTests: XCTestCase {
    // R-CB-2: every reason's call has a script in the library (situation follow_up) — opening, its own question, the
    // satisfied and unsatisfied branches and their closings — and the lines of seed 003 are its own words.
    func testEveryReasonHasTheSeedsScript_R_CB_2() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let seeds = root.deletingLastPathComponent().appendingPathComponent("shared/seeds")
        guard let file = try? FileManager.default.contentsOfDirectory(atPath: seeds.path).first(where: { $0.hasPrefix("003_") }) else {
            throw XCTSkip("../shared/seeds is not beside the project")
        }
        var seed = try String(contentsOf: seeds.appendingPathComponent(file), encoding: .utf8)
        for (original, kept) in [("穆家寨生态旅游度假区", "××"), ("到我们度假区", ""), ("改进的望您监督", "改进,希望您监督")] {
            XCTAssertTrue(seed.contains(original), original)
            seed = seed.replacingOccurrences(of: original, with: kept)
        }
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            let library = try await services.scripts.search(situation: .followUp, by: .system)
            XCTAssertEqual(library.count, 11, name)
            let clock = FixedClock(CallbackGenerationTests.monday)
            let scripted = TestStores.services(database, clock: clock)
            for reason in Callback.Reason.allCases {
                let member = try await CallbackFixtures.member(database, name: "陈静", phone: "1391234\(reason.rawValue.count)678", at: clock.now)
                let id = try await database.transaction { connection in
                    try await CallbackRepository().insert(Callback(reason: reason, memberID: member, notBefore: clock.now, dueBy: clock.now, createdAt: clock.now),
                                                          createdBy: nil, on: connection)
                }
                let script = try await scripted.callbacks.get(id: id, by: .system).script
                XCTAssertEqual(script.lines.map(\.step), CallbackScript.Step.allCases, "\(name): \(reason)")
                for line in script.lines where line.step != .question || reason == .serviceFollowUp {
                    XCTAssertTrue(seed.contains(line.body), "\(name): \(line.body)")
                }
            }
        }
    }
}
