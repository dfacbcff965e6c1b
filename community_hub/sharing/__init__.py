"""Neighbour sharing (issue 17): residents of one community share with the neighbours they choose.

- `relations` (friends, blocks, who lives where: the queries every rule reads), `privacy` (who may
  find me, who may send me requests), `neighbours` (finding neighbours), `friends` (requests,
  accept, decline, remove), `circles` (named groups of friends), `blocks` (both ways, "not available"),
  `visibility` (who sees a post: `visible_to` for one, `visible_clause` for lists);
- parking slots by the hour: `free_windows` (when a slot is free), `parking_slots` (posting),
  `parking_bookings` (quote, book without overlaps, approve), `parking_money` (the deposit and the
  balance through the payments room, its hooks), `parking_cancel` (the cancellation rules), `parking_overstay` (extra hours the owner reports),
  `parking_jobs` (the payout run, unpaid balances, unpaid holds: housekeeping steps);
- items sold, swapped or given away: `items` (posting, the post limit, renewing, reading),
  `conversations` (one per item and neighbour, only the two read it), `item_deals` (reserve, the
  others told; release; give-aways and swaps done by both sides; withdraw), `item_money` (the
  buyer's money in escrow, released on confirmation or after 72 h; expiry after 30 days);
- `reviews` (mutual, within 14 days, published when both wrote or the window closed);
- `share_payments` (the "share:" purpose's hooks, handing each payment to its part);
- `settings` (the admin's sharing fee and post limit).
Every service is `fn(db, actor, ...)` and checks the actor itself; a screen needs one call.
"""
