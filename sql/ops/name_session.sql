-- What this session is doing, as pg_stat_activity (and a command told the database is busy) shows it.
SELECT set_config('application_name', :name, false)
