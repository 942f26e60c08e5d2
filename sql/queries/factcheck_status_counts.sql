SELECT status, count(*) AS factchecks FROM factchecks GROUP BY status ORDER BY factchecks DESC, status
