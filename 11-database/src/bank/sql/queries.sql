-- The SQL-first queries (aiosql), loaded as Python functions by src/bank/sqlfirst.py.
-- Portable to Postgres 15+, MySQL 8.4 and MariaDB 10.11: no RETURNING (MySQL lacks it), no
-- quoted identifiers. tests/test_sqlfirst.py checks every query against the migrations'
-- schema with `sqlc vet`, offline.

-- name: create_account(owner, balance)!
INSERT INTO accounts (owner, balance) VALUES (:owner, :balance);

-- name: get_account(id)^
SELECT id, owner, balance FROM accounts WHERE id = :id;

-- name: get_account_by_owner(owner)^
SELECT id, owner, balance FROM accounts WHERE owner = :owner;

-- name: list_accounts()
SELECT id, owner, balance FROM accounts ORDER BY id;

-- name: deposit(id, amount)!
UPDATE accounts SET balance = balance + :amount WHERE id = :id;

-- name: withdraw(id, amount)!
UPDATE accounts SET balance = balance - :amount WHERE id = :id AND balance >= :amount;

-- name: delete_account(id)!
DELETE FROM accounts WHERE id = :id;

-- name: record_transfer(from_id, to_id, amount)!
INSERT INTO transfers (from_id, to_id, amount) VALUES (:from_id, :to_id, :amount);

-- name: sent_totals()
SELECT a.owner, COALESCE(SUM(t.amount), 0) AS total
FROM accounts a LEFT JOIN transfers t ON t.from_id = a.id
GROUP BY a.id, a.owner
ORDER BY a.id;
