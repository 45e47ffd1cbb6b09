-- A month's finished services in the order a drill-down lists them, with
-- what its filters test: listing the first 500 of a month's hundreds of
-- thousands (late, over the legal days, more than one visit, online)
-- stops after 500 kept entries instead of reading every row.
CREATE INDEX finished_by_day ON finished_services
    (month, finished_on, number, matter, within_promise, within_legal, trips, online);
