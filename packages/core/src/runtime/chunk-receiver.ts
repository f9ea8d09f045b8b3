import type { Chunk } from '../chunk.js';
import { Dictionary } from '../dictionary.js';
import { DfError } from '../errors/df-error.js';
import { chunkFromData, DictionaryTable } from './chunk-data.js';
import type { ShippedChunk } from './chunk-shipper.js';

/**
 * The receiving side of `ChunkShipper`: one per sending thread. Its dictionaries grow by the deltas as the sender's
 * did, so the chunks' codes need no remapping.
 */
export class ChunkReceiver {
  private readonly dictionaries = new DictionaryTable();

  receive(shipped: ShippedChunk): Chunk {
    for (const delta of shipped.deltas) {
      const dictionary = delta.id === this.dictionaries.size ? this.newDictionary() : this.dictionaries.at(delta.id);
      if (dictionary.size !== delta.from) throw new DfError('internal', `dictionary ${delta.id} has ${dictionary.size} strings where the sender had ${delta.from}`);
      const { offsets, bytes } = delta;
      for (let i = 0; i + 1 < offsets.length; i++) {
        // The sender's strings are distinct: each one is new here, and takes the sender's code.
        if (dictionary.internBytes(bytes, offsets[i], offsets[i + 1]) !== delta.from + i) {
          throw new DfError('internal', `dictionary ${delta.id} received a string twice`);
        }
      }
    }
    for (const c of shipped.data.columns) {
      if (c.kind === 'categorical' && !(c.dictionary >= 0 && c.dictionary < this.dictionaries.size)) {
        throw new DfError('internal', `a shipped chunk names dictionary ${c.dictionary}, which no delta brought`);
      }
    }
    return chunkFromData(shipped.data, this.dictionaries);
  }

  private newDictionary(): Dictionary {
    const dictionary = new Dictionary();
    this.dictionaries.idOf(dictionary);
    return dictionary;
  }
}
