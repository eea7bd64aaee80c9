import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case id that cannot exist is an unknown case (404), like any other. */
@Injectable()
export class CaseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFoundException(`Case ${value.slice(0, 64)} not found`);
    return value.toLowerCase();
  }
}
