import Foundation
import KefuDomain
import XCTest

final class AccountRuleTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    // R-SEC-1: repeated failures for a login block further attempts for a while.
    func testThrottleBlocksAfterTooManyFailuresPerLogin_R_SEC_1() {
        let throttle = LoginThrottle(window: 900, maxFailuresPerLogin: 5, maxFailuresPerAddress: 20)
        let four = (1...4).map { now.addingTimeInterval(Double(-$0 * 10)) }
        XCTAssertNil(throttle.blockedUntil(loginFailures: four, addressFailures: four, now: now))
        let five = four + [now.addingTimeInterval(-1)]
        let until = throttle.blockedUntil(loginFailures: five, addressFailures: five, now: now)
        // The oldest of the five counted failures (40 s ago) ages out 900 s after it happened.
        XCTAssertEqual(until, now.addingTimeInterval(-40 + 900))
    }

    // R-SEC-1: many failures from one address (trying many logins) are throttled too.
    func testThrottleCountsFailuresPerAddress_R_SEC_1() {
        let throttle = LoginThrottle(window: 900, maxFailuresPerLogin: 5, maxFailuresPerAddress: 3)
        let failures = (1...3).map { now.addingTimeInterval(Double(-$0)) }
        XCTAssertNotNil(throttle.blockedUntil(loginFailures: [], addressFailures: failures, now: now))
    }

    func testOldFailuresOutsideTheWindowDoNotCount_R_SEC_1() {
        let throttle = LoginThrottle(window: 900, maxFailuresPerLogin: 2)
        let old = [now.addingTimeInterval(-1000), now.addingTimeInterval(-950)]
        XCTAssertNil(throttle.blockedUntil(loginFailures: old, addressFailures: old, now: now))
    }

    func testPasswordPolicyReportsEveryProblem_R_SEC_1() {
        let policy = PasswordPolicy(minimumLength: 10)
        XCTAssertEqual(policy.problems(password: "zhangwei", login: "zhangwei").map(\.code),
                       ["error.password_too_short", "error.password_contains_login", "error.password_too_simple"])
        XCTAssertEqual(policy.problems(password: "Long-enough-42", login: "zhangwei"), [])
    }

    func testUserDraftListsEveryMissingField() {
        let draft = UserDraft(login: "", displayName: " ", role: nil, password: "")
        let fields = draft.problems(policy: PasswordPolicy()).map(\.field)
        XCTAssertEqual(Set(fields), ["login", "display_name", "role", "password"])
        let department = UserDraft(login: "xu.cang", displayName: "徐仓", role: .department, password: "warehouse-2026")
        XCTAssertEqual(department.problems(policy: PasswordPolicy()).map(\.field), ["department"])
        XCTAssertEqual(UserDraft.loginProblems("Zhang Wei").map(\.code), ["error.login_format"])
    }

    func testLanguageNegotiation() {
        XCTAssertEqual(Language.negotiate(acceptLanguage: nil), .zhHans)
        XCTAssertEqual(Language.negotiate(acceptLanguage: "en-US,en;q=0.9"), .en)
        XCTAssertEqual(Language.negotiate(acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8"), .zhHans)
        XCTAssertEqual(Language.negotiate(acceptLanguage: "fr-FR, en;q=0.5"), .en)
        XCTAssertEqual(Language.negotiate(acceptLanguage: "en;q=0.2, zh-TW;q=0.8"), .zhHans)
        XCTAssertEqual(Language.negotiate(acceptLanguage: "de"), .zhHans)
    }
}
