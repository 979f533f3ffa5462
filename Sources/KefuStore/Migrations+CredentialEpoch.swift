extension Migrations {
    /// A counter bumped by every change that can end or narrow someone's access (disable, revoke, sign-out,
    /// password, role). Instances cache credentials and drop the cache when the counter moves.
    static let credentialEpoch = Migration(version: 2, name: "credential_epoch") { _ in
        [
            "CREATE TABLE credential_epoch (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)",
            "INSERT INTO credential_epoch (id, value) VALUES (1, 0)",
        ]
    }
}
