"""Work: the day of work: engagements, shifts, clock-in/out, settlement.

Being built (issue 12). So far only the pure calculation modules, with no I/O and no clock:
`pay` (pay terms, a shift's gross, the employer's platform fee) and `withholding` (IIT on
labour remuneration, withheld cumulatively per payer, worker and month), and `rules` (the
tenant rule `work.withholding` that holds the withholding parameters). Entities, states and
invariants (engagement, shift, settlement) come with the models and the service.
"""
