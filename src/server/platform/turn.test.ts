import { describe, expect, it } from 'vitest';
import { atTurnEnd, holdToTurnEnd } from './turn.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('the end of the turn', () => {
  it('releases what was held during the turn after the queued tasks, together', async () => {
    const order: string[] = [];
    holdToTurnEnd(() => order.push('response 1'));
    atTurnEnd(() => order.push('commit'));
    holdToTurnEnd(() => order.push('response 2'));
    order.push('turn goes on');
    await nextTurn();
    await nextTurn();
    expect(order).toEqual(['turn goes on', 'commit', 'response 1', 'response 2']);
  });

  it('sends the responses of requests a task resumed in the same turn, after their continuations', async () => {
    const order: string[] = [];
    let resume: () => void = () => {};
    const waiting = new Promise<void>((resolve) => {
      resume = resolve;
    });
    // A request waiting for its audit, as `recordAccess` makes it wait: it answers in a few hops.
    void (async () => {
      await waiting;
      await Promise.resolve();
      await Promise.resolve();
      holdToTurnEnd(() => order.push('resumed response'));
    })();
    atTurnEnd(() => {
      order.push('commit');
      resume();
      // Anything queued for the next turn from here must come after the response.
      setImmediate(() => order.push('next turn'));
    });
    await nextTurn();
    await nextTurn();
    await nextTurn();
    expect(order).toEqual(['commit', 'resumed response', 'next turn']);
  });
});
