/* Customer-service representatives known to HR, with their employment dates. */
MODEL (
  name staging.seed_service_representatives,
  kind SEED (path '../../seeds/service_representatives.csv'),
  owner customer_service,
  grain id,
  tags (seed),
  columns (
    id INT,
    email TEXT,
    first_name TEXT,
    last_name TEXT,
    start_date DATE,
    end_date DATE
  ),
  column_descriptions (
    id = 'HR id of the representative.',
    email = 'Work email of the representative.',
    first_name = 'First name, as the app records it on interactions.',
    last_name = 'Last name.',
    start_date = 'First day of employment.',
    end_date = 'Last day of employment; NULL while employed.'
  ),
  audits (unique_values(columns := (id)), not_null(columns := (id, first_name, start_date)))
);
