import { useState } from 'react';
import TaskDetailPage from './TaskDetailPage.tsx';
import TaskListPage from './TaskListPage.tsx';

/**
 * The field view (监督员, 处置通) for a phone held in gloves: a list of tasks and one task at a
 * time. Everything works from the device's own database; sync runs when it can.
 */
export default function FieldApp() {
  const [open, setOpen] = useState<string>();
  if (open) return <TaskDetailPage caseId={open} onBack={() => setOpen(undefined)} />;
  return <TaskListPage onOpen={setOpen} />;
}
