import Foundation
import KefuDomain
import KefuStore

/// Every use case, wired to one store and clock. The HTTP layer and the CLI both hold one.
public struct Services: Sendable {
    public let database: any Database
    public let clock: any Clock
    public let settings: PlatformSettings
    public let auth: AuthService
    public let users: UserService
    public let events: EventService
    public let orders: OrderService
    public let catalog: CatalogService
    public let afterSales: AfterSalesService
    public let deductions: DeductionService
    public let stockouts: StockoutService
    public let dailyClose: DailyCloseService
    public let orderImports: OrderImportService
    public let catalogImports: CatalogImportService
    /// Business calendars and SLA policies; tickets take their terms from it.
    public let slaConfig: SLAConfigService
    public let tickets: TicketService
    public let scripts: ScriptService
    public let handovers: HandoverService
    /// Phone calls logged against tickets.
    public let calls: CallLogService
    /// Ticket changes for the live queues, read from the event log (one poller per process).
    public let ticketFeed: TicketFeed
    /// The night-shift backlog (R-TKT-11).
    public let nightBacklog: NightBacklogService
    /// Members: profiles, privacy, history, merging (R-MEM-1, 2, 4, 5).
    public let members: MemberService
    /// Member imports from CSV/XLSX with row-level errors (R-MEM-1, R-MEM-5).
    public let memberImports: MemberImportService
    /// Callbacks (回访): generation, the agent's list, attempts, outcomes, quotas, the summary (R-CB-1…5).
    public let callbacks: CallbackService
    /// The business time zone (`KEFU_TIME_ZONE`, default Asia/Shanghai): order numbers and people's times use it.
    public let timeZone: TimeZone

    public init(database: any Database, clock: any Clock = SystemClock(), settings: PlatformSettings = .fromEnvironment()) {
        self.database = database
        self.clock = clock
        self.settings = settings
        let cache = CredentialCache()
        self.auth = AuthService(database: database, clock: clock, settings: settings, cache: cache)
        self.users = UserService(database: database, clock: clock, settings: settings, cache: cache)
        self.events = EventService(database: database, clock: clock)
        self.timeZone = settings.timeZone
        self.orders = OrderService(database: database, clock: clock, timeZone: settings.timeZone, deadlines: settings.orderDeadlines)
        self.catalog = CatalogService(database: database, clock: clock)
        self.afterSales = AfterSalesService(database: database, clock: clock, timeZone: settings.timeZone)
        self.deductions = DeductionService(database: database, clock: clock)
        self.dailyClose = DailyCloseService(database: database, clock: clock, timeZone: settings.timeZone, schedule: settings.dailyClose)
        self.orderImports = OrderImportService(database: database, clock: clock, timeZone: settings.timeZone)
        self.catalogImports = CatalogImportService(database: database, clock: clock)
        self.slaConfig = SLAConfigService(database: database, clock: clock)
        self.tickets = TicketService(database: database, clock: clock, timeZone: settings.timeZone, sla: slaConfig,
                                     atRiskFraction: settings.slaAtRiskFraction, mail: settings.mail)
        self.stockouts = StockoutService(database: database, clock: clock, schedule: StockoutSchedule(timeZone: settings.timeZone))
        self.scripts = ScriptService(database: database, clock: clock)
        self.handovers = HandoverService(database: database, clock: clock)
        self.calls = CallLogService(tickets: tickets, answerRule: .fromEnvironment())
        self.ticketFeed = TicketFeed(tickets: tickets)
        self.nightBacklog = NightBacklogService(database: database, clock: clock, timeZone: settings.timeZone)
        self.callbacks = CallbackService(database: database, clock: clock, timeZone: settings.timeZone, tickets: tickets)
        self.members = MemberService(database: database, clock: clock, timeZone: settings.timeZone, mail: settings.mail,
                                     firstContactDays: callbacks.settings.firstContactDays)
        self.memberImports = MemberImportService(database: database, clock: clock, members: members)
    }

    public var setup: Setup { Setup(database: database, clock: clock, settings: settings) }

    /// Whether the database answers and is at the schema version this program expects.
    public func readiness() async -> Readiness {
        let reachable = await database.ping()
        let current = reachable ? try? await Migrator().currentVersion(of: database) : nil
        return Readiness(reachable: reachable, schemaVersion: current, expectedSchemaVersion: Migrator().latestVersion)
    }
}

/// The answer of ``Services/readiness()``.
public struct Readiness: Sendable, Encodable {
    public var reachable: Bool
    public var schemaVersion: Int?
    public var expectedSchemaVersion: Int
    public var ready: Bool { reachable && schemaVersion == expectedSchemaVersion }
}
