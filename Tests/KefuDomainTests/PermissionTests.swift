import KefuDomain
import XCTest

final class PermissionTests: XCTestCase {
    // R-SEC-2: roles limit what each person sees and does.
    func testRolesGrantOnlyWhatTheyNeed_R_SEC_2() {
        XCTAssertEqual(Role.admin.permissions, Set(Permission.allCases))
        XCTAssertFalse(Role.agent.allows(.usersManage))
        XCTAssertFalse(Role.agent.allows(.eventsView))
        XCTAssertTrue(Role.agent.allows(.ticketsManage))
        XCTAssertTrue(Role.supervisor.allows(.ticketsApprove))
        XCTAssertFalse(Role.orderClerk.allows(.ticketsView))
        XCTAssertEqual(Role.department.permissions, [.handoffsView])
        XCTAssertFalse(Role.integration.allows(.piiView), "integrations get masked personal data")
        XCTAssertFalse(Role.manager.allows(.settingsManage))
    }

    // R-MEM-4: personal data is protected for roles that do not need it; agents reveal the contact they work on.
    func testPIIViewIsWithheldFromAgentsDepartmentsAndIntegrations_R_MEM_4() {
        XCTAssertFalse(Role.agent.allows(.piiView))
        XCTAssertTrue(Role.supervisor.allows(.piiView))
        XCTAssertTrue(Role.orderClerk.allows(.piiView), "the order desk ships to the address")
        XCTAssertFalse(Role.department.allows(.piiView))
        XCTAssertEqual(PII.phone("13800138000", for: Role.integration.permissions), "138****8000")
        XCTAssertEqual(PII.phone("13800138000", for: Role.agent.permissions), "138****8000")
        XCTAssertEqual(PII.phone("13800138000", for: Role.supervisor.permissions), "13800138000")
        XCTAssertEqual(PII.maskPhone("12345"), "***45")
        XCTAssertEqual(PII.maskAddress("浙江省杭州市西湖区文三路100号"), "浙江省杭州市****")
    }

    // R-SEC-3: a disabled account has no permissions at all.
    func testDisabledUserHasNoPermissions_R_SEC_3() {
        var user = User(id: 1, login: "a", displayName: "A", role: .admin, createdAt: .init(timeIntervalSince1970: 0))
        XCTAssertFalse(user.permissions.isEmpty)
        user.active = false
        XCTAssertTrue(user.permissions.isEmpty)
    }

    func testDepartmentRoleNeedsADepartment() {
        XCTAssertTrue(Role.department.requiresDepartment)
        XCTAssertFalse(Role.agent.requiresDepartment)
    }
}
