import { Gone } from '@/app/components/Gone';

export default function SharedReportNotFound() {
  return (
    <Gone title="No shared report here">
      <p>This link does not match any shared report. It may be mistyped, or it expired long ago.</p>
    </Gone>
  );
}
