-- Keycard team server, schema 1: tables, the group role of every person,
-- row-level security, the triggers that keep revisions, touch rows whose
-- visibility changed and record revocations, and NOTIFY.
-- Runs in one transaction as the administrative role, which owns
-- everything (and so is not bound by the policies: IT sees all).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keycard_user') THEN
    CREATE ROLE keycard_user NOLOGIN;
  END IF;
END
$$;

-- A Keycard database is Keycard's alone: nobody but its owner creates
-- objects in public (the default from PostgreSQL 15 on; 14 allowed it).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE TABLE keycard.users (
  login      text PRIMARY KEY,
  name       text NOT NULL UNIQUE CHECK (name <> ''),
  role       text NOT NULL CHECK (role IN ('rep', 'manager', 'admin')),
  disabled   boolean NOT NULL DEFAULT false,
  last_sync  timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE keycard.teams (name text PRIMARY KEY CHECK (name <> ''));

CREATE TABLE keycard.team_members (
  team    text NOT NULL REFERENCES keycard.teams ON UPDATE CASCADE ON DELETE CASCADE,
  login   text NOT NULL REFERENCES keycard.users ON UPDATE CASCADE ON DELETE CASCADE,
  manages boolean NOT NULL DEFAULT false,
  PRIMARY KEY (team, login)
);
CREATE INDEX team_members_login ON keycard.team_members (login);

CREATE TABLE keycard.records (
  kind        text NOT NULL CHECK (kind IN ('account', 'contact', 'link', 'layout', 'plan', 'visit', 'warning', 'handover')),
  id          text NOT NULL CHECK (id <> ''),
  account_id  text,                          -- the account's id (its own for an account); NULL for a handover
  account_ids text[] NOT NULL DEFAULT '{}',  -- a handover's accounts
  owner       text,                          -- accounts: body->>'owner' (set by a trigger)
  team        text[],                        -- accounts: body->'team' (set by a trigger)
  body        jsonb NOT NULL,
  deleted     boolean NOT NULL DEFAULT false,
  rev         bigint NOT NULL DEFAULT 1,
  txid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  updated_by  text NOT NULL DEFAULT session_user,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, id),
  CHECK ((kind = 'handover') = (account_id IS NULL))
);
CREATE INDEX records_txid ON keycard.records (txid);
CREATE INDEX records_account ON keycard.records (account_id);
CREATE INDEX records_owner ON keycard.records (owner) WHERE kind = 'account';
CREATE INDEX records_team ON keycard.records USING gin (team) WHERE kind = 'account';

CREATE TABLE keycard.notes (
  contact_id text NOT NULL,
  account_id text NOT NULL,
  author     text NOT NULL DEFAULT session_user,
  body       text NOT NULL DEFAULT '',
  txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (contact_id, author)
);
CREATE INDEX notes_txid ON keycard.notes (txid);

CREATE TABLE keycard.revocations (
  login      text NOT NULL,
  account_id text NOT NULL,
  name       text NOT NULL DEFAULT '',
  to_name    text NOT NULL DEFAULT '',
  txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (login, account_id)
);
CREATE INDEX revocations_txid ON keycard.revocations (txid);

-- Who is asking. session_user, not current_user: inside these SECURITY
-- DEFINER functions current_user is the owner, and a person's SET ROLE
-- keycard_user must not make them someone else.
CREATE FUNCTION keycard.my_name() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
  SELECT name FROM keycard.users WHERE login = session_user AND NOT disabled
$$;

CREATE FUNCTION keycard.my_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
  SELECT role FROM keycard.users WHERE login = session_user AND NOT disabled
$$;

-- The owner names whose accounts I see as a manager: the people of the
-- teams I manage (and myself).
CREATE FUNCTION keycard.managed_names() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
  SELECT u.name FROM keycard.users u
   WHERE u.login IN (SELECT m.login FROM keycard.team_members m
                      WHERE m.team IN (SELECT t.team FROM keycard.team_members t
                                        JOIN keycard.users me ON me.login = t.login
                                       WHERE t.login = session_user AND t.manages
                                         AND me.role = 'manager' AND NOT me.disabled))
$$;

-- The rule for one account, from its owner and account team.
CREATE FUNCTION keycard.account_visible(owner text, team text[]) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
  SELECT CASE keycard.my_role()
    WHEN 'admin' THEN true
    WHEN 'manager' THEN owner = keycard.my_name() OR keycard.my_name() = ANY (team)
                        OR owner IN (SELECT keycard.managed_names())
    WHEN 'rep' THEN owner = keycard.my_name() OR keycard.my_name() = ANY (team)
    ELSE false END
$$;

-- The ids of every account I see (for the rows under them). The caller
-- is looked up once, so that the indexes on owner and team serve the rest.
CREATE FUNCTION keycard.visible_accounts() RETURNS SETOF text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
DECLARE
  n text := keycard.my_name();
  r text := keycard.my_role();
BEGIN
  IF r = 'admin' THEN
    RETURN QUERY SELECT a.id FROM keycard.records a WHERE a.kind = 'account';
  ELSIF r = 'manager' THEN
    RETURN QUERY SELECT a.id FROM keycard.records a WHERE a.kind = 'account'
      AND (a.owner = ANY (ARRAY(SELECT keycard.managed_names()) || n) OR a.team @> ARRAY[n]);
  ELSIF r = 'rep' THEN
    RETURN QUERY SELECT a.id FROM keycard.records a WHERE a.kind = 'account'
      AND (a.owner = n OR a.team @> ARRAY[n]);
  END IF;
END
$$;

-- The logins that see an account with this owner and team (admins see
-- everything and are never revoked).
CREATE FUNCTION keycard.viewers(owner text, team text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
  SELECT u.login FROM keycard.users u WHERE u.role <> 'admin' AND (u.name = owner OR u.name = ANY (team))
  UNION
  SELECT t.login FROM keycard.team_members t JOIN keycard.users mu ON mu.login = t.login
   WHERE t.manages AND mu.role = 'manager'
     AND t.team IN (SELECT m.team FROM keycard.team_members m JOIN keycard.users o ON o.login = m.login
                     WHERE o.name = owner)
$$;

-- Records: a person reaches an account by the account rule, the rows under
-- it through their account, a handover through its accounts or as its
-- giver. The same expression checks new rows (WITH CHECK), so nobody
-- writes a row they could not see (an account given away by a rep, a
-- visit under someone else's account). The scalar sub-selects are
-- evaluated once per query.
ALTER TABLE keycard.records ENABLE ROW LEVEL SECURITY;
CREATE POLICY records_visible ON keycard.records FOR ALL TO keycard_user
USING (
  CASE kind
    WHEN 'account' THEN (SELECT keycard.my_role()) = 'admin'
                        OR owner = (SELECT keycard.my_name())
                        OR (SELECT keycard.my_name()) = ANY (team)
                        OR ((SELECT keycard.my_role()) = 'manager' AND owner IN (SELECT keycard.managed_names()))
    WHEN 'handover' THEN (SELECT keycard.my_role()) = 'admin'
                        OR body->>'from' = (SELECT keycard.my_name())
                        OR account_ids && ARRAY(SELECT keycard.visible_accounts())
    ELSE (SELECT keycard.my_role()) = 'admin' OR account_id IN (SELECT keycard.visible_accounts())
  END)
WITH CHECK (
  CASE kind
    WHEN 'account' THEN keycard.account_visible(owner, team)
    WHEN 'handover' THEN (SELECT keycard.my_role()) = 'admin'
                        OR body->>'from' = (SELECT keycard.my_name())
                        OR account_ids && ARRAY(SELECT keycard.visible_accounts())
    ELSE (SELECT keycard.my_role()) = 'admin' OR account_id IN (SELECT keycard.visible_accounts())
  END);

-- Private remarks: the author's alone, on an account they see.
ALTER TABLE keycard.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_author ON keycard.notes FOR ALL TO keycard_user
USING (author = session_user)
WITH CHECK (author = session_user AND account_id IN (SELECT keycard.visible_accounts()));

ALTER TABLE keycard.revocations ENABLE ROW LEVEL SECURITY;
CREATE POLICY revocations_mine ON keycard.revocations FOR SELECT TO keycard_user
USING (login = session_user);

-- Derived columns and bookkeeping, on every write. An account's owner and
-- team come from its body, so they cannot disagree with it. A revision
-- rises when the record's content changes; a "touch" (txid only) keeps it.
CREATE FUNCTION keycard.records_before() RETURNS trigger
LANGUAGE plpgsql SET search_path = keycard, pg_temp AS $$
BEGIN
  IF NEW.kind = 'account' THEN
    NEW.account_id := NEW.id;
    NEW.owner := coalesce(NEW.body->>'owner', '');
    NEW.team := CASE WHEN jsonb_typeof(NEW.body->'team') = 'array'
                     THEN ARRAY(SELECT jsonb_array_elements_text(NEW.body->'team')) ELSE '{}' END;
  ELSE
    NEW.owner := NULL;
    NEW.team := NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.rev := 1;
    NEW.txid := pg_current_xact_id();
    NEW.updated_by := session_user;
    NEW.updated_at := now();
    RETURN NEW;
  END IF;
  IF NEW.kind = 'account' AND (NEW.owner IS DISTINCT FROM OLD.owner OR NEW.team IS DISTINCT FROM OLD.team)
     AND session_user IN (SELECT login FROM keycard.users)
     AND coalesce(keycard.my_role(), '') NOT IN ('manager', 'admin') THEN
    RAISE EXCEPTION 'only a manager or an admin changes an account''s owner or team'
      USING ERRCODE = '42501';
  END IF;
  NEW.txid := pg_current_xact_id();
  IF NEW.body IS DISTINCT FROM OLD.body OR NEW.deleted IS DISTINCT FROM OLD.deleted
     OR NEW.account_id IS DISTINCT FROM OLD.account_id OR NEW.account_ids IS DISTINCT FROM OLD.account_ids THEN
    NEW.rev := OLD.rev + 1;
    NEW.updated_by := session_user;
    NEW.updated_at := now();
  ELSE
    NEW.rev := OLD.rev;
    NEW.updated_by := OLD.updated_by;
    NEW.updated_at := OLD.updated_at;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER records_before BEFORE INSERT OR UPDATE ON keycard.records
  FOR EACH ROW EXECUTE FUNCTION keycard.records_before();

-- touch_account gives every row of an account a new txid (revision kept),
-- so that whoever sees it now pulls all of it.
CREATE FUNCTION keycard.touch_account(acct text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
  UPDATE keycard.records SET txid = pg_current_xact_id()
   WHERE account_id = acct AND kind <> 'account';
  UPDATE keycard.records SET txid = pg_current_xact_id()
   WHERE kind = 'handover' AND acct = ANY (account_ids);
  UPDATE keycard.records SET txid = pg_current_xact_id()
   WHERE kind = 'account' AND id = acct AND txid <> pg_current_xact_id();
$$;

-- revoke_lost records, for each login in who that saw the account before
-- and does not now, that it went to the owner's name; and forgets the
-- revocations of those who see it (again).
CREATE FUNCTION keycard.revoke_lost(acct text, who text[], acct_name text, new_owner text, new_team text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
BEGIN
  INSERT INTO keycard.revocations (login, account_id, name, to_name)
  SELECT w, acct, coalesce(acct_name, ''), coalesce(new_owner, '') FROM unnest(who) AS w
   WHERE w NOT IN (SELECT keycard.viewers(new_owner, new_team))
  ON CONFLICT (login, account_id) DO UPDATE
     SET name = excluded.name, to_name = excluded.to_name, txid = pg_current_xact_id();
  DELETE FROM keycard.revocations
   WHERE account_id = acct AND login IN (SELECT keycard.viewers(new_owner, new_team));
END
$$;

CREATE FUNCTION keycard.account_moved() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
BEGIN
  PERFORM keycard.touch_account(NEW.id);
  PERFORM keycard.revoke_lost(NEW.id, ARRAY(SELECT keycard.viewers(OLD.owner, OLD.team)),
                              NEW.body->>'name', NEW.owner, NEW.team);
  RETURN NULL;
END
$$;
CREATE TRIGGER records_account_moved AFTER UPDATE ON keycard.records
  FOR EACH ROW WHEN (NEW.kind = 'account' AND (NEW.owner IS DISTINCT FROM OLD.owner OR NEW.team IS DISTINCT FROM OLD.team))
  EXECUTE FUNCTION keycard.account_moved();

-- A person joining or leaving a team changes who sees the accounts of that
-- person (the team's managers do) and, for a manager, of the team's
-- people: touch those accounts; revoke what is no longer seen.
CREATE FUNCTION keycard.membership_touch(tm text, lg text, mgr boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
DECLARE
  r record;
  who text[];
BEGIN
  who := ARRAY(SELECT lg UNION SELECT t.login FROM keycard.team_members t WHERE t.team = tm AND t.manages);
  FOR r IN SELECT a.id, a.owner, a.team, a.body->>'name' AS name FROM keycard.records a
            WHERE a.kind = 'account'
              AND a.owner IN (SELECT u.name FROM keycard.users u
                               WHERE u.login = lg
                                  OR (mgr AND u.login IN (SELECT t.login FROM keycard.team_members t WHERE t.team = tm))) LOOP
    PERFORM keycard.touch_account(r.id);
    PERFORM keycard.revoke_lost(r.id, who, r.name, r.owner, r.team);
  END LOOP;
END
$$;

CREATE FUNCTION keycard.membership_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM keycard.membership_touch(NEW.team, NEW.login, NEW.manages);
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM keycard.membership_touch(OLD.team, OLD.login, OLD.manages);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER team_members_changed AFTER INSERT OR UPDATE OR DELETE ON keycard.team_members
  FOR EACH ROW EXECUTE FUNCTION keycard.membership_changed();

CREATE FUNCTION keycard.notes_before() RETURNS trigger
LANGUAGE plpgsql SET search_path = keycard, pg_temp AS $$
BEGIN
  NEW.txid := pg_current_xact_id();
  IF TG_OP = 'INSERT' AND NEW.author IS NULL THEN
    NEW.author := session_user;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER notes_before BEFORE INSERT OR UPDATE ON keycard.notes
  FOR EACH ROW EXECUTE FUNCTION keycard.notes_before();

-- Wake every listening laptop; RLS decides what each then pulls.
-- Notifications are sent at commit and one per transaction suffices.
CREATE FUNCTION keycard.notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keycard', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER records_notify AFTER INSERT OR UPDATE ON keycard.records
  FOR EACH STATEMENT EXECUTE FUNCTION keycard.notify();
CREATE TRIGGER notes_notify AFTER INSERT OR UPDATE ON keycard.notes
  FOR EACH STATEMENT EXECUTE FUNCTION keycard.notify();
CREATE TRIGGER revocations_notify AFTER INSERT OR UPDATE ON keycard.revocations
  FOR EACH STATEMENT EXECUTE FUNCTION keycard.notify();

-- Whether anything at all changed since a cursor: an idle pull asks this
-- and stops there. It tells no more than NOTIFY already tells everyone.
CREATE FUNCTION keycard.changed_since(since xid8) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
BEGIN
  -- max() is one probe of each txid index; plpgsql keeps the plans.
  RETURN coalesce(greatest((SELECT max(txid) FROM keycard.records), (SELECT max(txid) FROM keycard.notes),
                           (SELECT max(txid) FROM keycard.revocations)) >= since, false);
END
$$;

CREATE FUNCTION keycard.synced() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = keycard, pg_temp AS $$
  UPDATE keycard.users SET last_sync = now() WHERE login = session_user;
$$;

-- What every person may do, and nothing more: no DELETE (a deletion is a
-- tombstone), no writing of the bookkeeping columns, users' login, name
-- and role only.
REVOKE ALL ON ALL TABLES IN SCHEMA keycard FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA keycard FROM PUBLIC;
GRANT USAGE ON SCHEMA keycard TO keycard_user;
GRANT SELECT ON keycard.meta TO keycard_user;
GRANT SELECT (login, name, role) ON keycard.users TO keycard_user;
GRANT SELECT ON keycard.records TO keycard_user;
GRANT INSERT (kind, id, account_id, account_ids, body, deleted) ON keycard.records TO keycard_user;
GRANT UPDATE (account_id, account_ids, body, deleted) ON keycard.records TO keycard_user;
GRANT SELECT, INSERT (contact_id, account_id, body), UPDATE (account_id, body) ON keycard.notes TO keycard_user;
GRANT SELECT ON keycard.revocations TO keycard_user;
GRANT EXECUTE ON FUNCTION keycard.my_name(), keycard.my_role(), keycard.managed_names(),
  keycard.account_visible(text, text[]), keycard.visible_accounts(), keycard.changed_since(xid8),
  keycard.synced() TO keycard_user;
