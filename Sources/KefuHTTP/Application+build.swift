import Hummingbird
import KefuDomain
import KefuServices
import Logging
import Prometheus

/// Where and how to serve.
public struct ServerOptions: Sendable {
    public var host: String
    public var port: Int
    public var http: HTTPConfiguration

    public init(host: String = "127.0.0.1", port: Int = 8080, http: HTTPConfiguration = .init()) {
        self.host = host
        self.port = port
        self.http = http
    }
}

/// Builds the Kefu application: every route, web and API, over one set of services.
public func buildApplication(
    services: Services, options: ServerOptions, registry: PrometheusCollectorRegistry = .init(), logger: Logger = Logger(label: "kefu")
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(services: services, configuration: options.http, registry: registry)
    return Application(
        router: router,
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: "kefu"),
        logger: logger
    )
}

/// The router with its middleware chain: metrics → security headers → identity → errors → CSRF → routes.
public func buildRouter(
    services: Services, configuration: HTTPConfiguration, registry: PrometheusCollectorRegistry = .init()
) async throws -> Router<KefuRequestContext> {
    let catalog = try Catalog.bundled()
    let pages = try await Pages.load(catalog: catalog, secureCookies: configuration.secureCookies)
    let router = Router(context: KefuRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    let errors = ErrorMiddleware(pages: pages, clock: services.clock)
    router.add(middleware: IdentityMiddleware(services: services, configuration: configuration, errors: errors))
    router.add(middleware: errors)
    router.add(middleware: NavigationBadgesMiddleware(services: services))
    router.add(middleware: CSRFMiddleware())

    OpsController(services: services, registry: registry).addRoutes(to: router)
    try OpenAPIController().addRoutes(to: router)
    AuthAPIController(services: services).addRoutes(to: router)
    UserAPIController(services: services).addRoutes(to: router)
    EventAPIController(services: services).addRoutes(to: router)
    CatalogAPIController(services: services).addRoutes(to: router)
    CalendarAPIController(services: services).addRoutes(to: router)
    SLAPolicyAPIController(services: services).addRoutes(to: router)
    OrderAPIController(services: services).addRoutes(to: router)
    TicketAPIController(services: services, catalog: catalog).addRoutes(to: router)
    SuggestionAPIController(services: services, catalog: catalog).addRoutes(to: router)
    NotificationWebController(services: services, pages: pages).addRoutes(to: router)
    AfterSalesAPIController(services: services).addRoutes(to: router)
    StockoutAPIController(services: services).addRoutes(to: router)
    ScriptAPIController(services: services).addRoutes(to: router)
    HandoverAPIController(services: services).addRoutes(to: router)
    CallAPIController(services: services).addRoutes(to: router)
    MemberAPIController(services: services, catalog: catalog).addRoutes(to: router)
    MemberImportAPIController(services: services, catalog: catalog).addRoutes(to: router)
    MemberTimelineAPIController(services: services).addRoutes(to: router)
    MemberAssignmentAPIController(services: services).addRoutes(to: router)
    NightBacklogAPIController(services: services).addRoutes(to: router)
    ReportAPIController(services: services).addRoutes(to: router)
    RegisterAPIController(services: services).addRoutes(to: router)
    CallbackAPIController(services: services).addRoutes(to: router)
    ImportAPIController(services: services, catalog: catalog).addRoutes(to: router)
    CatalogImportAPIController(services: services, catalog: catalog).addRoutes(to: router)

    try StaticController().addRoutes(to: router)
    WebAuthController(services: services, pages: pages).addRoutes(to: router)
    SupportWebController(services: services, pages: pages).addRoutes(to: router)
    HomeController(services: services, pages: pages).addRoutes(to: router)
    AccountController(services: services, pages: pages).addRoutes(to: router)
    AdminController(services: services, pages: pages).addRoutes(to: router)
    CalendarWebController(services: services, pages: pages).addRoutes(to: router)
    SLAPolicyWebController(services: services, pages: pages).addRoutes(to: router)
    ImportWebController(services: services, pages: pages).addRoutes(to: router)
    CatalogWebController(services: services, pages: pages).addRoutes(to: router)
    CatalogImportWebController(services: services, pages: pages).addRoutes(to: router)
    OrderWebController(services: services, pages: pages).addRoutes(to: router)
    RegisterWebController(services: services, pages: pages).addRoutes(to: router)
    TicketWebController(services: services, pages: pages).addRoutes(to: router)
    TicketStreamController(services: services, pages: pages).addRoutes(to: router)
    AfterSalesWebController(services: services, pages: pages).addRoutes(to: router)
    StockoutWebController(services: services, pages: pages).addRoutes(to: router)
    ScriptWebController(services: services, pages: pages).addRoutes(to: router)
    HandoverWebController(services: services, pages: pages).addRoutes(to: router)
    CallbackWebController(services: services, pages: pages).addRoutes(to: router)
    MemberWebController(services: services, pages: pages).addRoutes(to: router)
    MemberImportWebController(services: services, pages: pages).addRoutes(to: router)
    NightBacklogWebController(services: services, pages: pages).addRoutes(to: router)
    ReportWebController(services: services, pages: pages).addRoutes(to: router)
    return router
}
